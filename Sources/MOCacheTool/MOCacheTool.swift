import MOCacheCLI

/// The `mocache` program. Everything it does lives in `MOCacheCLI`, where tests reach it too.
@main
enum MOCacheTool {
    static func main() async {
        await MOCacheCommand.main()
    }
}
