import { AstroError } from 'astro/errors';

/** An author mistake or a failed check, tied to a place in a source file. */
export interface Problem {
  file: string;
  line?: number;
  column?: number;
  message: string;
  severity: 'error' | 'warning';
}

export function formatPlace(problem: Pick<Problem, 'file' | 'line' | 'column'>): string {
  if (problem.line === undefined) return problem.file;
  return `${problem.file}:${problem.line}${problem.column === undefined ? '' : `:${problem.column}`}`;
}

export function formatProblem(problem: Problem): string {
  return `${formatPlace(problem)}: ${problem.severity}: ${problem.message}`;
}

/** Collects problems across every post so the author sees them all at once, before any upload. */
export class ProblemList {
  readonly items: Problem[] = [];

  error(file: string, message: string, place?: { line?: number; column?: number }): void {
    this.items.push({ file, message, severity: 'error', ...place });
  }

  warn(file: string, message: string, place?: { line?: number; column?: number }): void {
    this.items.push({ file, message, severity: 'warning', ...place });
  }

  get errors(): Problem[] {
    return this.items.filter((p) => p.severity === 'error');
  }

  get warnings(): Problem[] {
    return this.items.filter((p) => p.severity === 'warning');
  }

  /** Throws one AstroError listing every error, so the build fails with all of them. */
  throwIfErrors(): void {
    const errors = this.errors;
    if (errors.length === 0) return;
    throw new AstroError(
      `${errors.length} problem${errors.length === 1 ? '' : 's'} in the posts selected for WeChat; nothing was uploaded:\n` +
        errors.map((p) => `  ${formatProblem(p)}`).join('\n'),
      'Fix the posts named above, or take `weixin:` out of their front matter to leave them out of WeChat.',
    );
  }
}
