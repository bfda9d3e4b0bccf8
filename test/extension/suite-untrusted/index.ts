// Runner for the untrusted-workspace suite: the main suite's runner, bundled here so that it loads
// the *.test.js files next to this bundle (dist/test/extension/suite-untrusted).
export { run } from '../suite/index';
