/** Jest: TypeScript through sucrase (no type-check here; `npm test` runs `tsc --noEmit` first). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '\\.ts$': '@sucrase/jest-plugin' },
  moduleFileExtensions: ['ts', 'js', 'json'],
  cacheDirectory: '<rootDir>/.jest-cache',
  testTimeout: 60000,
};
