// What a lease held in the account relies on: the draft list's order, a lagging listing, deletion.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index.js';
import { TEST_APP } from '../../../test/helpers/app.js';
import { addDraft, call, classicToken, get } from './helpers.js';

const START = Date.UTC(2026, 0, 5, 2, 0, 0);
let emu: Emulator;
let token: string;
beforeEach(async () => {
  emu = await startEmulator({ port: 0, apps: [TEST_APP], clock: START });
  token = await classicToken(emu);
});
afterEach(() => emu.close());

const listTitles = async () =>
  (
    (await call(emu, 'draft/batchget', token, { offset: 0, count: 20, no_content: 1 })).body.item as {
      content: { news_item: { title: string }[] };
    }[]
  ).map((item) => item.content.news_item[0]!.title);

describe('draft/batchget as a lease needs it', () => {
  it('lists newest first, a later change first within the same second too', async () => {
    await addDraft(emu, token, [{ title: 'A' }]);
    emu.clock.advance(300);
    await addDraft(emu, token, [{ title: 'B' }]);
    emu.clock.advance(1000);
    await addDraft(emu, token, [{ title: 'C' }]);
    expect(await listTitles()).toEqual(['C', 'B', 'A']);
  });

  it('a listing-lag fault leaves out drafts younger than ms, until they are old enough', async () => {
    await addDraft(emu, token, [{ title: 'Old' }]);
    emu.clock.advance(5000);
    emu.faults.add({ kind: 'listing-lag', ms: 2000 });
    await addDraft(emu, token, [{ title: 'New' }]);
    expect(await listTitles()).toEqual(['Old']);
    // draft/count is no listing: it sees the new draft at once.
    expect((await get(emu, `/cgi-bin/draft/count?access_token=${token}`)).body.total_count).toBe(2);
    emu.clock.advance(2000);
    expect(await listTitles()).toEqual(['New', 'Old']);
  });

  it('a listing-lag fault hides a publish from freepublish/batchget for ms after it ended', async () => {
    const mediaId = await addDraft(emu, token, [{ title: 'Published' }]);
    emu.faults.add({ kind: 'listing-lag', ms: 3000, call: 'freepublish/batchget' });
    await call(emu, 'freepublish/submit', token, { media_id: mediaId });
    const listed = async () =>
      (await call(emu, 'freepublish/batchget', token, { offset: 0, count: 20, no_content: 1 })).body.total_count;
    emu.clock.advance(1000);
    expect(await listed()).toBe(0);
    emu.clock.advance(3000);
    expect(await listed()).toBe(1);
  });

  it('a deleted draft is gone from the listing at once, and deleting it again is 40007', async () => {
    const mediaId = await addDraft(emu, token, [{ title: 'Gone' }]);
    expect((await call(emu, 'draft/delete', token, { media_id: mediaId })).body.errcode).toBe(0);
    expect(await listTitles()).toEqual([]);
    expect((await call(emu, 'draft/delete', token, { media_id: mediaId })).body.errcode).toBe(40007);
  });

  it('refuses a listing-lag fault on a call that lists nothing', () => {
    expect(() => emu.faults.add({ kind: 'listing-lag', ms: 100, call: 'draft/add' })).toThrow(
      /applies to draft\/batchget or freepublish\/batchget/,
    );
  });
});
