// Answers the UI edits are checked against: the server's own answer schemas (@switchyard/api).
export { configView as configRecordSchema, flagList as flagListSchema, flagView as flagViewSchema, segmentList as segmentListSchema, segmentView as segmentViewSchema } from '@switchyard/api';
