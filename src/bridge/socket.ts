/**
 * One connection to a bridge socket for a process that asks one question and exits (the agent hook),
 * without loading `net`.
 *
 * Why: in a hook the editor answers, `require('net')` and its stream modules were the largest cost
 * after Node's own start (measured on Node 20: +3.6 ms CPU to load, +5.7 ms with a connection, against
 * +1.3 ms for the same exchange on the pipe handle `net` itself wraps; `node -e 0` is ~23 ms). So on
 * POSIX the connection is made on Node's `pipe_wrap` handle directly, the way `net.Socket` does it.
 * That handle is internal: anything about it that is not as expected (another Node or Electron, a
 * missing binding, an error while setting up) falls back to `net` before a byte is sent, so the worst
 * case is the old speed, never another answer. Once connected, a failure is an `error` like any broken
 * connection (the caller then decides as it does without an editor: nothing destructive runs).
 *
 * The long-lived clients (the Enter gate's helper, BridgeSession) keep using `net`.
 */
import type * as Net from 'net';

export interface SocketEvents {
	connect(): void;
	data(chunk: Buffer): void;
	/** Before `connect`: it could not connect; after: the connection broke. */
	error(error: Error): void;
	/** The other side closed (after `connect`, or when `net` reports a close). */
	close(): void;
}

export interface OpenSocket {
	write(text: string): void;
	/** Closes it; no event follows. */
	destroy(): void;
	/** Which way it was made (for the tests and the bench). */
	readonly via: 'pipe-handle' | 'net';
}

/** `auto`: the pipe handle where it can be used, else `net`; `net`: always `net` (tests). */
export type SocketTransport = 'auto' | 'net';

export function openSocket(address: string, events: SocketEvents, transport: SocketTransport = 'auto'): OpenSocket {
	if (transport === 'auto' && process.platform !== 'win32') {
		const raw = openOnPipeHandle(address, events);
		if (raw) {
			return raw;
		}
	}
	return openWithNet(address, events);
}

function openWithNet(address: string, events: SocketEvents): OpenSocket {
	const net = require('net') as typeof Net;
	const socket = net.createConnection(address);
	socket.on('connect', () => events.connect());
	socket.on('data', (chunk: Buffer) => events.data(chunk));
	socket.on('error', (error) => events.error(error));
	socket.on('close', () => events.close());
	return { write: (text) => void socket.write(text), destroy: () => void socket.destroy(), via: 'net' };
}

/** The parts of Node's internal bindings used here (as lib/net.js and lib/internal/stream_base_commons.js use them). */
interface PipeHandle {
	connect(req: object, address: string): number;
	readStart(): number;
	writeUtf8String(req: object, text: string): number;
	close(callback?: () => void): void;
	onread: (arrayBuffer: ArrayBuffer) => void;
}
interface PipeBinding {
	Pipe: new (type: number) => PipeHandle;
	PipeConnectWrap: new () => { oncomplete?: (status: number) => void; address?: string };
	constants: { SOCKET: number };
}
interface StreamBinding {
	WriteWrap: new () => { handle?: PipeHandle; oncomplete?: (status: number) => void; async?: boolean };
	streamBaseState: Int32Array;
	kReadBytesOrError: number;
	kArrayBufferOffset: number;
}

function ignoreRead(): void {
	// reads after the close are not ours to act on
}

let bindings: { pipe: PipeBinding; stream: StreamBinding } | null | undefined;

function loadBindings(): { pipe: PipeBinding; stream: StreamBinding } | null {
	if (bindings !== undefined) {
		return bindings;
	}
	bindings = null;
	const binding = (process as unknown as { binding?: (name: string) => unknown }).binding;
	if (typeof binding !== 'function') {
		return null;
	}
	// process.binding is documented as deprecated (DEP0111) and warns under --pending-deprecation; the
	// warning would reach the agent's stderr, so it is silenced for these two lookups only.
	const quiet = process.noDeprecation;
	process.noDeprecation = true;
	try {
		const pipe = binding.call(process, 'pipe_wrap') as Partial<PipeBinding>;
		const stream = binding.call(process, 'stream_wrap') as Partial<StreamBinding>;
		if (typeof pipe.Pipe === 'function' && typeof pipe.PipeConnectWrap === 'function' && typeof pipe.constants?.SOCKET === 'number'
			&& typeof stream.WriteWrap === 'function' && stream.streamBaseState instanceof Int32Array
			&& typeof stream.kReadBytesOrError === 'number' && typeof stream.kArrayBufferOffset === 'number') {
			bindings = { pipe: pipe as PipeBinding, stream: stream as StreamBinding };
		}
	} catch {
		bindings = null;
	} finally {
		process.noDeprecation = quiet;
	}
	return bindings;
}

/** The connection on the pipe handle, or undefined (nothing started) when it cannot be made that way. */
function openOnPipeHandle(address: string, events: SocketEvents): OpenSocket | undefined {
	const b = loadBindings();
	if (!b) {
		return undefined;
	}
	let handle: PipeHandle;
	try {
		handle = new b.pipe.Pipe(b.pipe.constants.SOCKET);
	} catch {
		return undefined;
	}
	let closed = false;
	const close = (): void => {
		if (!closed) {
			closed = true;
			// Node's handle takes only a function here (anything else aborts the process).
			handle.onread = ignoreRead;
			try {
				handle.close();
			} catch {
				// already gone
			}
		}
	};
	const fail = (what: string, status: number): void => {
		if (!closed) {
			close();
			events.error(new Error(`${what} failed (${uvName(status)})`));
		}
	};
	const request = new b.pipe.PipeConnectWrap();
	request.address = address;
	request.oncomplete = (status: number) => {
		if (closed) {
			return;
		}
		if (status < 0) {
			fail('connect', status);
			return;
		}
		handle.onread = (arrayBuffer: ArrayBuffer) => {
			if (closed) {
				return;
			}
			const state = b.stream.streamBaseState;
			const nread = state[b.stream.kReadBytesOrError];
			if (nread < 0) {
				// UV_EOF: the other side closed; anything else: a read error. Either way the exchange is over.
				close();
				events.close();
				return;
			}
			if (nread > 0) {
				events.data(Buffer.from(arrayBuffer, state[b.stream.kArrayBufferOffset], nread));
			}
		};
		const started = handle.readStart();
		if (started < 0) {
			fail('reading', started);
			return;
		}
		events.connect();
	};
	let status: number;
	try {
		status = handle.connect(request, address);
	} catch {
		close();
		return undefined;
	}
	if (status < 0) {
		// A synchronous failure (a path too long for a socket, …): told as `net` would tell it.
		queueMicrotask(() => fail('connect', status));
	}
	return {
		via: 'pipe-handle',
		write: (text) => {
			if (closed) {
				return;
			}
			const write = new b.stream.WriteWrap();
			write.handle = handle;
			write.async = false;
			write.oncomplete = (result: number) => {
				if (result < 0) {
					fail('writing', result);
				}
			};
			const result = handle.writeUtf8String(write, text);
			if (result < 0) {
				queueMicrotask(() => fail('writing', result));
			}
		},
		destroy: close,
	};
}

/** libuv's name for a negative status (ENOENT, ECONNREFUSED, …), as `net`'s errors show it. */
function uvName(status: number): string {
	try {
		const util = require('util') as { getSystemErrorName(code: number): string };
		return util.getSystemErrorName(status);
	} catch {
		return String(status);
	}
}
