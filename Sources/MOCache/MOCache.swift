// The library users import: everything public in the core, the SQLite store and the process backends.
//
// `import MOCache` is all a program needs to cache training and evals in a SQLite file. A program that
// wants only part of it (a store of its own, say) imports the targets below directly.
@_exported import MOCacheCore
@_exported import MOCacheProcess
@_exported import MOCacheSQLite
