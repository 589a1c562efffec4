// The state of a screen that shows data from Go: what the last call
// returned and the error of the last try, the pattern every such screen
// repeated by hand.
import { toApiError, type ApiError } from './api';

/** Loaded holds what fetch returns and the error of its last try. Answers
 * to a load overtaken by a newer one are dropped. */
export class Loaded<T> {
  value = $state<T | null>(null);
  error = $state<ApiError | null>(null);
  private seq = 0;

  constructor(private readonly fetch: () => Promise<T>) {}

  /** load calls fetch again; it never throws. */
  load = async (): Promise<void> => {
    const my = ++this.seq;
    try {
      const v = await this.fetch();
      if (my !== this.seq) return;
      this.value = v;
      this.error = null;
    } catch (e) {
      if (my === this.seq) this.error = toApiError(e);
    }
  };
}

/** Paged is a Loaded list asked of Go one page at a time, from offset. */
export class Paged<T> {
  offset = $state(0);
  readonly data: Loaded<T>;

  constructor(fetch: (offset: number) => Promise<T>) {
    this.data = new Loaded(() => fetch(this.offset));
  }

  /** reload asks for the page shown again (after a change of the data). */
  reload = (): Promise<void> => this.data.load();

  /** first shows the first page (after a change of the filters). */
  first = (): Promise<void> => {
    this.offset = 0;
    return this.data.load();
  };

  /** turn shows the page from offset to, scrolled to its top. */
  turn = (to: number): Promise<void> => {
    this.offset = to;
    document.querySelector('.page')?.scrollTo({ top: 0 });
    return this.data.load();
  };
}
