/**
 * A minimal event emitter shaped like VS Code's (`emitter.event(listener)` returns a disposable), so
 * the editor layer can forward events without this folder importing `vscode`.
 */

export interface Disposable {
	dispose(): void;
}

export type Event<T> = (listener: (e: T) => void) => Disposable;

export class Emitter<T> {
	private listeners = new Set<(e: T) => void>();

	readonly event: Event<T> = (listener) => {
		this.listeners.add(listener);
		return { dispose: () => this.listeners.delete(listener) };
	};

	/** Calls every listener; one that throws does not stop the others (the error is passed to `onError`). */
	fire(value: T, onError?: (error: unknown) => void): void {
		for (const listener of [...this.listeners]) {
			try {
				listener(value);
			} catch (error) {
				onError?.(error);
			}
		}
	}

	dispose(): void {
		this.listeners.clear();
	}
}
