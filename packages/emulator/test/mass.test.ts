// Mass sends as a client that must send exactly once sees them: status, clientmsgid protection, quota.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index.js';
import { TEST_APP } from '../../../test/helpers/app.js';
import { addDraft, call, classicToken } from './helpers.js';

const OTHER = { appid: 'wxfedcba9876543210', secret: 'other-secret-0123456789abcdef0123' };
// 10:00 in Beijing: a day's quota lasts until 14 hours later.
const START = Date.UTC(2026, 0, 5, 2, 0, 0);
const MINUTE = 60_000;
const DAY = 24 * 3600_000;

let emu: Emulator;
let token: string;
let mediaId: string;
beforeEach(async () => {
  // Tokens that outlive the day-long scenarios below.
  emu = await startEmulator({ port: 0, apps: [TEST_APP, OTHER], clock: START, tokenTtlSeconds: 3 * 86_400 });
  token = await classicToken(emu);
  mediaId = await addDraft(emu, token, [{ title: 'Send me' }]);
});
afterEach(() => emu.close());

const message = (extra: Record<string, unknown> = {}) => ({
  filter: { is_to_all: true },
  mpnews: { media_id: mediaId },
  msgtype: 'mpnews',
  send_ignore_reprint: 1,
  ...extra,
});
const sendall = async (extra: Record<string, unknown> = {}, as = token) =>
  (await call(emu, 'message/mass/sendall', as, message(extra))).body;
const massStatus = async (msgId: unknown) => (await call(emu, 'message/mass/get', token, { msg_id: msgId })).body;

describe('message/mass/get', () => {
  it('answers SENDING until massSendDelayMs has passed on the emulator clock, then SEND_SUCCESS', async () => {
    const { msg_id } = await sendall();
    expect(await massStatus(msg_id)).toEqual({ msg_id, msg_status: 'SENDING' });
    expect(emu.state().messages[0]).toMatchObject({ msg_id, msg_status: 'SENDING' });
    emu.clock.advance(999);
    expect((await massStatus(String(msg_id))).msg_status).toBe('SENDING');
    emu.clock.advance(1);
    expect(await massStatus(msg_id)).toEqual({ msg_id, msg_status: 'SEND_SUCCESS' });
    expect(emu.state().messages[0]).toMatchObject({ msg_id, msg_status: 'SEND_SUCCESS' });
  });

  it('takes the delay from limits, and answers 40097 for a msg_id it never sent', async () => {
    emu.limits.massSendDelayMs = 10 * MINUTE;
    const { msg_id } = await sendall();
    emu.clock.advance(5 * MINUTE);
    expect((await massStatus(msg_id)).msg_status).toBe('SENDING');
    expect((await massStatus(msg_id + 1)).errcode).toBe(40097);
  });
});

describe('clientmsgid', () => {
  it('refuses more than 64 bytes with 45067', async () => {
    expect((await sendall({ clientmsgid: 'x'.repeat(65) })).errcode).toBe(45067);
    // 22 Chinese characters are 66 bytes.
    expect((await sendall({ clientmsgid: '发'.repeat(22) })).errcode).toBe(45067);
    expect((await sendall({ clientmsgid: 'x'.repeat(64) })).errcode ?? 0).toBe(0);
  });

  it('answers 45066 within a minute, 45065 with the first send within 24 hours, and sends again after', async () => {
    const first = await sendall({ clientmsgid: 'post-42' });
    expect(first.errcode).toBe(0);
    emu.clock.advance(MINUTE - 1);
    expect((await sendall({ clientmsgid: 'post-42' })).errcode).toBe(45066);
    emu.clock.advance(1);
    const duplicate = await sendall({ clientmsgid: 'post-42' });
    expect(Object.keys(duplicate)).toEqual(['errcode', 'errmsg', 'msg_id', 'msg_data_id']);
    expect(duplicate).toMatchObject({ errcode: 45065, msg_id: first.msg_id, msg_data_id: first.msg_data_id });
    emu.clock.advance(DAY - MINUTE - 1);
    expect((await sendall({ clientmsgid: 'post-42' })).errcode).toBe(45065);
    emu.clock.advance(1);
    const later = await sendall({ clientmsgid: 'post-42' });
    expect(later.errcode).toBe(0);
    expect(later.msg_id).not.toBe(first.msg_id);
    expect(emu.state().messages.filter((m) => m.kind === 'sendall')).toHaveLength(2);
  });

  it('is per app', async () => {
    expect((await sendall({ clientmsgid: 'shared' })).errcode).toBe(0);
    const otherToken = await classicToken(emu, OTHER);
    const otherDraft = await addDraft(emu, otherToken, [{ title: 'Mine' }]);
    const other = await call(emu, 'message/mass/sendall', otherToken, {
      ...message({ clientmsgid: 'shared' }),
      mpnews: { media_id: otherDraft },
    });
    expect(other.body.errcode).toBe(0);
  });

  it('is recorded in the state with the filter, send_ignore_reprint and msg_status', async () => {
    const { msg_id, msg_data_id } = await sendall({ clientmsgid: 'post-7', filter: { is_to_all: false, tag_id: 2 } });
    expect(emu.state().messages).toEqual([
      expect.objectContaining({
        kind: 'sendall',
        msg_id,
        msg_data_id,
        clientmsgid: 'post-7',
        send_ignore_reprint: 1,
        filter: { is_to_all: false, tag_id: 2 },
        msg_status: 'SENDING',
      }),
    ]);
  });
});

describe('mass-send quota', () => {
  it('allows massSendPerDay sends a day (1 by default), then 45028 until midnight in Beijing', async () => {
    expect((await sendall()).errcode ?? 0).toBe(0);
    expect((await sendall()).errcode).toBe(45028);
    // A retry of the first send is still told which send it was, not that the quota is gone.
    emu.limits.massSendPerDay = 3;
    expect((await sendall({ clientmsgid: 'a' })).errcode ?? 0).toBe(0);
    expect((await sendall({ clientmsgid: 'b' })).errcode ?? 0).toBe(0);
    emu.clock.advance(MINUTE);
    expect((await sendall({ clientmsgid: 'a' })).errcode).toBe(45065);
    expect((await sendall({ clientmsgid: 'c' })).errcode).toBe(45028);
    emu.clock.advance(14 * 3600_000);
    expect((await sendall({ clientmsgid: 'c' })).errcode ?? 0).toBe(0);
  });
});
