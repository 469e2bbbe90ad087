/** A keyset position: the time column and the id that break ties, as our opaque cursors carry them. */
export interface KeysetCursor {
  at: Date;
  id: string;
}
