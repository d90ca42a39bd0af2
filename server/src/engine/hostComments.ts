/** Moved to the adapters (adapters/hostComments.ts, chosen per host through `Adapter.suppressions`); re-exported for existing importers. */
export { hostComments, type CommentSyntax, type HostComment } from '../adapters/hostComments';
