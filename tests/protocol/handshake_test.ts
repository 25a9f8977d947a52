import assert from "node:assert/strict";
import {
  type HandshakeRequest,
  negotiateProtocol,
  parseHandshakeRequest,
  writeHandshakeResponse,
} from "../../signalr/protocol/handshake.ts";
import type { HubProtocol, TransferFormat } from "../../signalr/protocol/hub_protocol.ts";
import { jsonProtocol } from "../../signalr/protocol/json_protocol.ts";
import { rejectsWith } from "../helpers/protocol.ts";
import fixtures from "../testdata/handshake.json" with { type: "json" };

const encoder = new TextEncoder();

/** A binary protocol that only has to be chosen, never used. */
const binaryProtocol: HubProtocol = {
  name: "messagepack",
  version: 1,
  transferFormat: "Binary",
  parse: () => assert.fail("not used"),
  write: () => assert.fail("not used"),
};

for (const { name, input, request, rest } of fixtures.valid) {
  Deno.test(`parseHandshakeRequest() ${name} from text`, () => {
    assert.deepEqual(parseHandshakeRequest(input), { request, rest });
  });

  Deno.test(`parseHandshakeRequest() ${name} from bytes`, () => {
    const parsed = parseHandshakeRequest(encoder.encode(input));
    assert.deepEqual(parsed?.request, request);
    assert.ok(parsed?.rest instanceof Uint8Array);
    assert.deepEqual(parsed.rest, encoder.encode(rest));
  });
}

for (const { name, input } of fixtures.incomplete) {
  Deno.test(`parseHandshakeRequest() ${name}`, () => {
    assert.equal(parseHandshakeRequest(input), undefined);
    assert.equal(parseHandshakeRequest(encoder.encode(input)), undefined);
  });
}

for (const { name, input, error } of fixtures.invalid) {
  Deno.test(`parseHandshakeRequest() ${name}`, () => {
    assert.throws(() => parseHandshakeRequest(input), rejectsWith(error));
    assert.throws(() => parseHandshakeRequest(encoder.encode(input)), rejectsWith(error));
  });
}

for (const { name, bytes, error } of fixtures.invalidBytes) {
  Deno.test(`parseHandshakeRequest() ${name}`, () => {
    assert.throws(() => parseHandshakeRequest(new Uint8Array(bytes)), rejectsWith(error));
  });
}

for (const c of fixtures.negotiate) {
  Deno.test(`negotiateProtocol() ${c.name}`, () => {
    const choice = negotiateProtocol(
      c.request as HandshakeRequest,
      [jsonProtocol, binaryProtocol],
      c.formats as TransferFormat[],
    );
    if (c.error !== undefined) {
      assert.deepEqual(choice, { error: c.error });
    } else {
      assert.ok("protocol" in choice);
      assert.equal(choice.protocol.name, c.protocol);
    }
  });
}

Deno.test("negotiateProtocol() rejects every protocol when the server offers none", () => {
  assert.deepEqual(negotiateProtocol({ protocol: "json", version: 1 }, [], ["Text"]), {
    error: "The protocol 'json' is not supported.",
  });
});

Deno.test("writeHandshakeResponse() writes an empty object on success", () => {
  assert.equal(writeHandshakeResponse(), "{}\x1e");
});

Deno.test("writeHandshakeResponse() writes the error as a JSON string", () => {
  assert.equal(
    writeHandshakeResponse("The protocol 'xml' is not supported."),
    '{"error":"The protocol \'xml\' is not supported."}\x1e',
  );
  const record = writeHandshakeResponse('quote " and \x1e separator');
  assert.equal(record.indexOf("\x1e"), record.length - 1, "only the final separator is raw");
  assert.deepEqual(JSON.parse(record.slice(0, -1)), { error: 'quote " and \x1e separator' });
});
