/**
 * Property tests of the parsers with fast-check: random bytes and mutated
 * valid messages, as text and binary frames. A few thousand cases each here;
 * `deno task fuzz` runs a hundred thousand and more.
 */
import fc from "fast-check";
import {
  chunkingProperty,
  FUZZ_TARGETS,
  parserProperty,
  rewriteProperty,
} from "../../fuzz/properties.ts";

/** Cases per property in the normal test run. */
const RUNS = 2_000;

for (const target of FUZZ_TARGETS) {
  Deno.test(`${target.name} returns messages or throws ProtocolError for any frame, nothing else`, () => {
    fc.assert(parserProperty(target), { numRuns: RUNS });
  });
}

for (const target of FUZZ_TARGETS.filter((t) => t.format !== "handshake")) {
  Deno.test(`what ${target.name} returns from any frame, both protocols can write again`, () => {
    fc.assert(rewriteProperty(target), { numRuns: RUNS });
  });
}

for (const target of FUZZ_TARGETS.filter((t) => t.format !== "handshake")) {
  Deno.test(`${target.name} reads a frame cut into pieces as it reads the whole frame`, () => {
    fc.assert(chunkingProperty(target), { numRuns: RUNS });
  });
}
