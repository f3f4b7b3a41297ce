import ArgumentParser
import MOCache

extension EntryStatus: ExpressibleByArgument {}

extension CachePolicy: ExpressibleByArgument {}
