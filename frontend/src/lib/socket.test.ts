import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, SocketTransport, type Transport } from './api';

// A stand-in for the browser's WebSocket: the real one is exercised by the
// browser tests against sbcc serve; this checks the bookkeeping.
class FakeSocket {
  static OPEN = 1;
  static last: FakeSocket | null = null;
  static refuse = false;
  static closeOnOpen = false;
  readyState = 0;
  sent: { id: number; method: string; args: unknown[] }[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.last = this;
    queueMicrotask(() => {
      if (FakeSocket.refuse) {
        this.onclose?.();
        return;
      }
      this.readyState = FakeSocket.OPEN;
      this.onopen?.();
      if (FakeSocket.closeOnOpen) this.readyState = 2; // closing; its close event comes later
    });
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  reply(r: object) {
    this.onmessage?.({ data: JSON.stringify(r) });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.();
  }
}

const g = globalThis as unknown as { WebSocket: unknown };
let saved: unknown;
beforeEach(() => {
  saved = g.WebSocket;
  g.WebSocket = FakeSocket;
  FakeSocket.refuse = false;
  FakeSocket.closeOnOpen = false;
  FakeSocket.last = null;
});
afterEach(() => {
  g.WebSocket = saved;
});

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('SocketTransport', () => {
  it('matches answers to calls by id, in any order, and maps errors', async () => {
    const t = new SocketTransport(() => 'ws://x/api/socket', async () => 'fallback').call;
    const a = t('Search', [{ query: 'lodz' }]);
    const b = t('Actor', ['01nosuch']);
    await tick();
    const ws = FakeSocket.last!;
    expect(ws.sent.map((s) => s.method)).toEqual(['Search', 'Actor']);
    ws.reply({ id: ws.sent[1].id, status: 404, error: { error: 'there is no such actor', code: 'not-found' } });
    ws.reply({ id: ws.sent[0].id, status: 200, result: { total: 3 } });
    await expect(a).resolves.toEqual({ total: 3 });
    await expect(b).rejects.toMatchObject({ code: 'not-found', message: 'there is no such actor' });
  });

  it('fails calls in flight when the socket closes, and opens a new one for the next', async () => {
    const t = new SocketTransport(() => 'ws://x/api/socket', async () => 'fallback').call;
    const a = t('Status', []);
    await tick();
    const first = FakeSocket.last!;
    first.drop();
    await expect(a).rejects.toBeInstanceOf(ApiError);
    const b = t('Status', []);
    await tick();
    expect(FakeSocket.last).not.toBe(first);
    FakeSocket.last!.reply({ id: FakeSocket.last!.sent[0].id, status: 200, result: null });
    await expect(b).resolves.toBeNull();
  });

  it('sends over HTTP a call whose socket started closing as it opened', async () => {
    FakeSocket.closeOnOpen = true;
    const t = new SocketTransport(() => 'ws://x/api/socket', async () => 'over http').call;
    await expect(t('Status', [])).resolves.toBe('over http');
    expect(FakeSocket.last!.sent).toEqual([]);
  });

  it('falls back to HTTP when the socket cannot open', async () => {
    FakeSocket.refuse = true;
    const used: string[] = [];
    const fallback: Transport = async (m) => {
      used.push(m);
      return 'over http';
    };
    const t = new SocketTransport(() => 'ws://x/api/socket', fallback).call;
    await expect(t('Meta', [])).resolves.toBe('over http');
    const opened = FakeSocket.last;
    await expect(t('Meta', [])).resolves.toBe('over http');
    expect(FakeSocket.last).toBe(opened); // no new attempt right away
    expect(used).toEqual(['Meta', 'Meta']);
  });
});
