/**
 * One problem found by a write-time check: the path of the offending field (relative to the object
 * checked) and a message naming the reason. An empty list of issues means valid.
 */
export interface ValidationIssue {
  path: (string | number)[];
  message: string;
}
