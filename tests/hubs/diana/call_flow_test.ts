/**
 * Whole calls with the official client and the offline customer: the
 * contract's events and payloads, the ending with `shouldEndCall`, and the
 * scorecard through GetStatus.
 */
import assert from "node:assert/strict";
import { newSessionId, withDiana } from "./fixture.ts";

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

Deno.test("ListScenarios offers the four scenarios with their customers", async () => {
  await withDiana({}, async ({ connect }) => {
    const ann = await connect("ann");
    const scenarios = await ann.invoke<{ id: string; customer: string }[]>("ListScenarios");
    assert.deepEqual(scenarios.map((s) => s.id), [
      "billing-dispute",
      "lost-parcel",
      "cancellation",
      "internet-outage",
    ]);
    assert.equal(scenarios[0].customer, "Margaret Hale");
  });
});

Deno.test("a whole call: greeting, three turns, a solution that ends the call, and its scorecard", async () => {
  await withDiana({ thinkMs: 2 }, async ({ connect }) => {
    const ann = await connect("ann");
    const sessionId = newSessionId();
    assert.equal(await ann.invoke("InitiateSession", sessionId), null);

    assert.deepEqual(await ann.next("ProcessingStarted"), {
      sessionId,
      state: "Generating greeting",
    });
    const greeting = (await ann.next("DianaStartsSpeaking"))!;
    assert.deepEqual(Object.keys(greeting).sort(), [
      "audioUrl",
      "emotion",
      "sessionId",
      "shouldEndCall",
      "text",
      "timestamp",
    ]);
    assert.equal(greeting.sessionId, sessionId);
    assert.equal(greeting.audioUrl, null);
    assert.equal(greeting.shouldEndCall, false);
    assert.equal(greeting.emotion, "frustrated");
    assert.match(greeting.timestamp as string, ISO_TIME);
    assert.match(greeting.text as string, /bill/i);

    const lines = [
      "Hello, thank you for calling, my name is Sam. How can I help you today?",
      "I'm so sorry to hear that, that must be really frustrating. Could I have your account number?",
      "Thank you. I can see both payments. I'll refund the duplicate charge today and email you a confirmation.",
    ];
    const answers = [];
    for (const line of lines) {
      assert.equal(await ann.invoke("UserSpoke", sessionId, line), null);
      assert.deepEqual(await ann.next("ProcessingStarted"), { sessionId, state: "Processing" });
      answers.push((await ann.next("DianaStartsSpeaking"))!);
    }
    assert.deepEqual(answers.map((a) => a.shouldEndCall), [false, false, true]);
    assert.match(answers[0].text as string, /twice|two|charged|payment/i);
    assert.match(answers[1].text as string, /4471 2290|account/i);
    assert.match(answers[2].text as string, /thank/i);
    assert.equal(answers[2].emotion, "happy");

    const status = await ann.invoke<Record<string, unknown>>("GetStatus", sessionId);
    assert.equal(status.state, "ended");
    assert.equal(status.outcome, "resolved");
    assert.equal(status.turns, 3);
    assert.equal((status.transcript as unknown[]).length, 7);
    const card = status.scorecard as Record<string, unknown>;
    assert.equal(card.resolution, "resolved");
    assert.equal(card.turns, 3);
    assert.equal(card.customerTurns, 4);
    assert.equal(card.greeted, true);
    assert.equal(card.empathy, 60);
    assert.deepEqual(card.moodCurve, [30, 36, 52, 72]);
    assert.ok((card.durationMs as number) >= 0);
    assert.ok((card.score as number) >= 70, `score ${card.score}`);

    await assert.rejects(
      ann.invoke("UserSpoke", sessionId, "Are you still there?"),
      /HubException: The call '.*' has ended\. Start a new one\./,
    );
    assert.deepEqual(await ann.rest(), []);
  });
});

Deno.test("a rude trainee is warned once, then the customer hangs up", async () => {
  await withDiana({}, async ({ connect }) => {
    const bob = await connect("bob");
    const sessionId = newSessionId();
    await bob.invoke("InitiateSessionWithScenario", sessionId, "cancellation");
    assert.match((await bob.answer()).text as string, /cancel|membership/i);

    await bob.invoke("UserSpoke", sessionId, "What's the problem?");
    assert.equal((await bob.answer()).shouldEndCall, false);
    await bob.invoke("UserSpoke", sessionId, "Calm down, it's not my fault.");
    const warned = await bob.answer();
    assert.equal(warned.shouldEndCall, false);
    assert.equal(warned.emotion, "angry");
    await bob.invoke("UserSpoke", sessionId, "Whatever. Deal with it.");
    const last = await bob.answer();
    assert.equal(last.shouldEndCall, true);

    const status = await bob.invoke<Record<string, unknown>>("GetStatus", sessionId);
    const card = status.scorecard as Record<string, unknown>;
    assert.equal(card.outcome, "hung_up");
    assert.equal(card.resolution, "unresolved");
    assert.equal(card.rudeness, 2);
    assert.equal(card.score, 0);
  });
});

Deno.test("the trainee may end the call; the scorecard says so", async () => {
  await withDiana({}, async ({ connect }) => {
    const cat = await connect("cat");
    const sessionId = newSessionId();
    await cat.invoke("InitiateSessionWithScenario", sessionId, "lost-parcel");
    await cat.answer();
    await cat.invoke(
      "UserSpoke",
      sessionId,
      "Good morning, you're through to Parcels, this is Jo.",
    );
    await cat.answer();
    assert.equal(await cat.invoke("EndSession", sessionId), null);
    const status = await cat.invoke<Record<string, unknown>>("GetStatus", sessionId);
    assert.equal(status.state, "ended");
    assert.equal(status.outcome, "ended_by_trainee");
    const card = status.scorecard as Record<string, unknown>;
    assert.equal(card.resolution, "unresolved");
    assert.ok((card.tips as string[]).some((tip) => /concrete solution/.test(tip)));
    // Ending twice is harmless.
    await cat.invoke("EndSession", sessionId);
    assert.deepEqual(await cat.rest(), []);
  });
});

Deno.test("after a long silence Diana checks in, and hangs up after the third", async () => {
  await withDiana({ silenceMs: 5 }, async ({ connect }) => {
    const dan = await connect("dan");
    const sessionId = newSessionId();
    await dan.invoke("InitiateSessionWithScenario", sessionId, "cancellation");
    await dan.answer();
    const checks = [await dan.answer(), await dan.answer(), await dan.answer()];
    assert.deepEqual(checks.map((c) => c.shouldEndCall), [false, false, true]);
    assert.match(checks[0].text as string, /there|hello|hear/i);
    const card = (await dan.invoke<Record<string, unknown>>("GetStatus", sessionId))
      .scorecard as Record<string, unknown>;
    assert.equal(card.outcome, "hung_up");
    assert.equal(card.silences, 3);
    assert.deepEqual(card.moodCurve, [40, 32, 24, 16]);
  });
});

Deno.test("the same seed and lines give the same call", async () => {
  const transcript = async () => {
    let texts: string[] = [];
    await withDiana({ seed: 99 }, async ({ connect }) => {
      const eve = await connect("eve");
      const sessionId = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";
      await eve.invoke("InitiateSessionWithScenario", sessionId, "lost-parcel");
      await eve.answer();
      for (const line of ["Hi, how can I help?", "What's the order number?", "Okay."]) {
        await eve.invoke("UserSpoke", sessionId, line);
        await eve.answer();
      }
      const status = await eve.invoke<{ transcript: { text: string }[] }>("GetStatus", sessionId);
      texts = status.transcript.map((line) => line.text);
    });
    return texts;
  };
  const first = await transcript();
  assert.equal(first.length, 7);
  assert.deepEqual(await transcript(), first);
});
