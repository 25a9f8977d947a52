import assert from "node:assert/strict";
import {
  NEGOTIATE_VERSION,
  negotiateResponseBody,
  type NegotiateResult,
  requestedNegotiateVersion,
} from "../signalr/negotiate.ts";

const versions: { name: string; query: string; expected: number | { error: string } }[] = [
  { name: "reads an absent negotiateVersion as 0", query: "", expected: 0 },
  { name: "reads version 0", query: "?negotiateVersion=0", expected: 0 },
  { name: "reads version 1", query: "?negotiateVersion=1", expected: 1 },
  { name: "answers a newer version with its own", query: "?negotiateVersion=7", expected: 1 },
  { name: "reads leading zeros", query: "?negotiateVersion=01", expected: 1 },
  {
    name: "ignores other query parameters",
    query: "?id=abc&negotiateVersion=1&x=2",
    expected: 1,
  },
  ...["abc", "-1", "1.5", "", "1e3", " 1", "99999999999999999999"].map((raw) => ({
    name: `rejects negotiateVersion '${raw}'`,
    query: `?negotiateVersion=${encodeURIComponent(raw)}`,
    expected: { error: `The client requested an invalid protocol version '${raw}'` },
  })),
];

for (const { name, query, expected } of versions) {
  Deno.test(`requestedNegotiateVersion() ${name}`, () => {
    const url = new URL(`http://localhost/hubs/chat/negotiate${query}`);
    assert.deepEqual(requestedNegotiateVersion(url), expected);
  });
}

Deno.test("the newest negotiate version is 1", () => {
  assert.equal(NEGOTIATE_VERSION, 1);
});

const result: NegotiateResult = {
  negotiateVersion: 1,
  connectionId: "public-id",
  connectionToken: "secret-token",
  transports: ["WebSockets", "ServerSentEvents", "LongPolling"],
};

const allTransports = [
  { transport: "WebSockets", transferFormats: ["Text", "Binary"] },
  { transport: "ServerSentEvents", transferFormats: ["Text"] },
  { transport: "LongPolling", transferFormats: ["Text", "Binary"] },
];

Deno.test("negotiateResponseBody() version 1 names the connection id and its distinct token", () => {
  assert.deepEqual(JSON.parse(negotiateResponseBody(result)), {
    connectionId: "public-id",
    connectionToken: "secret-token",
    negotiateVersion: 1,
    availableTransports: allTransports,
  });
});

Deno.test("negotiateResponseBody() version 0 sends the token as connectionId and no token", () => {
  const body = JSON.parse(negotiateResponseBody({ ...result, negotiateVersion: 0 }));
  assert.deepEqual(body, {
    connectionId: "secret-token",
    negotiateVersion: 0,
    availableTransports: allTransports,
  });
  assert.equal("connectionToken" in body, false);
});

Deno.test("negotiateResponseBody() lists only the offered transports, in order", () => {
  const body = JSON.parse(
    negotiateResponseBody({ ...result, transports: ["LongPolling", "ServerSentEvents"] }),
  );
  assert.deepEqual(body.availableTransports, [
    { transport: "LongPolling", transferFormats: ["Text", "Binary"] },
    { transport: "ServerSentEvents", transferFormats: ["Text"] },
  ]);
});

Deno.test("negotiateResponseBody() says useStatefulReconnect only when it is true", () => {
  const on = JSON.parse(negotiateResponseBody({ ...result, useStatefulReconnect: true }));
  assert.equal(on.useStatefulReconnect, true);
  const off = JSON.parse(negotiateResponseBody({ ...result, useStatefulReconnect: false }));
  assert.equal("useStatefulReconnect" in off, false);
  assert.equal("useStatefulReconnect" in JSON.parse(negotiateResponseBody(result)), false);
});
