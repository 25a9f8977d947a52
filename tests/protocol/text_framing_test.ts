import assert from "node:assert/strict";
import {
  RECORD_SEPARATOR,
  RECORD_SEPARATOR_CODE,
  splitRecords,
  writeRecord,
} from "../../signalr/protocol/text_framing.ts";

const cases: { name: string; input: string; records: string[]; rest: string }[] = [
  { name: "returns nothing for empty input", input: "", records: [], rest: "" },
  { name: "reads one record", input: "a\x1e", records: ["a"], rest: "" },
  {
    name: "reads several records",
    input: "a\x1ebc\x1e{}\x1e",
    records: ["a", "bc", "{}"],
    rest: "",
  },
  { name: "keeps an unterminated record as rest", input: "a\x1eb", records: ["a"], rest: "b" },
  { name: "keeps input without a separator as rest", input: '{"ty', records: [], rest: '{"ty' },
  { name: "reads an empty record", input: "\x1e", records: [""], rest: "" },
  {
    name: "reads consecutive separators as empty records",
    input: "\x1e\x1ea",
    records: ["", ""],
    rest: "a",
  },
  { name: "keeps multi-byte text intact", input: "é😀\x1e€", records: ["é😀"], rest: "€" },
];

for (const { name, input, records, rest } of cases) {
  Deno.test(`splitRecords() ${name}`, () => {
    assert.deepEqual(splitRecords(input), { records, rest });
  });
}

Deno.test("the record separator is the ASCII character 0x1E", () => {
  assert.equal(RECORD_SEPARATOR, "\u001e");
  assert.equal(RECORD_SEPARATOR.charCodeAt(0), RECORD_SEPARATOR_CODE);
  assert.equal(RECORD_SEPARATOR_CODE, 0x1e);
});

Deno.test("writeRecord() ends the text with the record separator", () => {
  assert.equal(writeRecord('{"type":6}'), '{"type":6}\x1e');
  assert.equal(writeRecord(""), "\x1e");
});

Deno.test("splitRecords() reads back what writeRecord() wrote", () => {
  const texts = ['{"type":6}', "", '{"a":"é"}'];
  assert.deepEqual(splitRecords(texts.map(writeRecord).join("")), { records: texts, rest: "" });
});
