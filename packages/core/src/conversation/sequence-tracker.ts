/**
 * Which server `seq`s were applied. Each seq is applied once (a replay after a reconnect
 * overlaps what was seen; seqs up to the restored one were applied before a reload), and
 * reconnects and storage resume from the highest *contiguous* seq, not the highest seen:
 * an event overtaken just before a cut is replayed, not skipped.
 */
export interface SequenceTracker {
  /** True the first time `seq` is offered (and it is newer than the restored seq). */
  accept(seq: number): boolean;
  /** Everything up to here was applied: ask the server for what follows. */
  resumeFrom(): number;
  /** Everything up to `seq` was applied in an earlier life (restored from storage). */
  restored(seq: number): void;
}

export function createSequenceTracker(): SequenceTracker {
  const seen = new Set<number>();
  let restoredSeq = 0;
  let contiguous = 0;
  return {
    accept(seq) {
      if (seen.has(seq) || seq <= restoredSeq) return false;
      seen.add(seq);
      return true;
    },
    resumeFrom() {
      while (seen.has(contiguous + 1)) contiguous++;
      return contiguous;
    },
    restored(seq) {
      restoredSeq = seq;
      contiguous = Math.max(contiguous, seq);
    },
  };
}
