// The workspace layer's public surface: an index of every article in a workspace folder (entities,
// quotes, claims, notes), entity linking across articles, and the knowledge base. Plain TypeScript on
// src/core and src/notes; file access goes through WorkspaceFileSystem.
export * from './model';
export { indexArticle, indexSource, unreadableArticle, withQuoteStatuses, type ArticleInput } from './article';
export {
  ALWAYS_EXCLUDED,
  compileMatchers,
  decodeArticleBytes,
  DEFAULT_ARTICLE_PATTERNS,
  DEFAULT_SOURCE_PATTERNS,
  listArticles,
  listWorkspaceFiles,
  sourceMatcher,
  MAX_ARTICLE_BYTES,
  nodeWorkspaceFileSystem,
  relativePath,
  type DirectoryEntry,
  type ListOptions,
  type WorkspaceFileSystem,
} from './files';
export {
  countVerdicts,
  WorkspaceIndex,
  type Candidate,
  type ElsewhereItem,
  type EntityLike,
  type EntityReport,
  type Occurrence,
  type QuoteItem,
  type Resolution,
  type VerdictItem,
} from './workspaceIndex';
export {
  claimOf,
  decodeRecord,
  encodeRecord,
  parsePersistedIndex,
  PersistedIndexError,
  persistedIndexLines,
  serializePersistedIndex,
  StringPool,
  type DecodeOptions,
  type EncodedRecord,
  type PersistedBuild,
  type PersistedHeader,
} from './persisted';
export { DEFAULT_MAX_FILES, WorkspaceIndexer, type IndexerOptions, type ScanControl, type ScanProgress, type ScanResult } from './indexer';
export {
  emptyKnowledgeBase,
  KB_DIR,
  KB_FILE,
  KB_PATH,
  KbError,
  newEntryId,
  parseKnowledgeBase,
  readKnowledgeBase,
  serializeKnowledgeBase,
  upsertKnowledgeBaseEntry,
  type KbEntry,
  type KbLink,
  type KnowledgeBase,
} from './kb';
export {
  DESK_ITEMS_MAX,
  deskArticle,
  deskFolderOf,
  deskItems,
  deskFolders,
  deskList,
  deskTotals,
  leftInWords,
  matchesDeskFilter,
  type DeskArticle,
  type DeskFilter,
  type DeskItem,
  type DeskTotals,
} from './desk';
export { findWorkspaceRoot, lookupArticle, renderLookup, type LookupEntity, type LookupResult } from './lookup';
export { isSingleWord, nameKey, slug, surnameOf } from './names';
