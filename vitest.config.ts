import { defineConfig } from 'vitest/config';

// Tests import workspace packages through the "source" export condition so they run
// against src/ without a build; the Astro end-to-end tests load the built dist/.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    projects: [
      {
        extends: true,
        // Conversions, browsers and builds share two cores: a timeout is a hang guard, not a speed target (that is `pnpm bench`).
        test: { name: 'packages', include: ['packages/*/test/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
