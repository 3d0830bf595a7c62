import { AstroError } from 'astro/errors';
import { plural } from './plural.js';

/** An author mistake or a failed check, tied to a place in a source file. */
export interface Problem {
  file: string;
  line?: number;
  column?: number;
  message: string;
  severity: 'error' | 'warning';
}

/** `file:line:column`, the shape editors and terminals turn into a link; column 1 when only the line is known. */
export function formatPlace(problem: Pick<Problem, 'file' | 'line' | 'column'>): string {
  if (problem.line === undefined) return problem.file;
  return `${problem.file}:${problem.line}:${problem.column ?? 1}`;
}

/**
 * One line per problem, `file:line:column  message`. vfile-reporter groups messages under a file
 * heading and adds rule columns; an author fixing several posts reads one flat list more easily,
 * and each line stays clickable on its own.
 */
export function formatProblem(problem: Problem): string {
  return `${formatPlace(problem)}  ${problem.message}`;
}

/** Collects problems across every post so the author sees them all at once, before any upload. */
export class ProblemList {
  readonly items: Problem[] = [];

  error(file: string, message: string, place?: { line?: number | undefined; column?: number | undefined }): void {
    this.items.push({ file, message, severity: 'error', ...definedPlace(place) });
  }

  warn(file: string, message: string, place?: { line?: number | undefined; column?: number | undefined }): void {
    this.items.push({ file, message, severity: 'warning', ...definedPlace(place) });
  }

  get errors(): Problem[] {
    return this.items.filter((p) => p.severity === 'error');
  }

  get warnings(): Problem[] {
    return this.items.filter((p) => p.severity === 'warning');
  }

  /** Throws one AstroError listing every error, so the build fails with all of them. */
  throwIfErrors(): void {
    // Grouped by file, in line order, whatever order the checks ran in.
    const errors = this.errors.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
    if (errors.length === 0) return;
    throw new AstroError(
      `${plural(errors.length, 'problem')} in the posts selected for WeChat; nothing was uploaded:\n` +
        errors.map((p) => formatProblem(p)).join('\n'),
      'Fix the posts named above, or take `weixin:` out of their front matter to leave them out of WeChat.',
    );
  }
}

function definedPlace(place: { line?: number | undefined; column?: number | undefined } | undefined) {
  return {
    ...(place?.line === undefined ? {} : { line: place.line }),
    ...(place?.column === undefined ? {} : { column: place.column }),
  };
}
