/**
 * The position features' result types (offsets and spans only). The features themselves are
 * reached through the engine facade (service.ts): `complete`, `hover`, `symbols`, `folds`,
 * `lenses`, `codeActions`.
 */
export type { CompletionResult, FeatureCodeLens, FeatureCompletion, FeatureFold, FeatureHover, FeatureSymbol } from './types';
