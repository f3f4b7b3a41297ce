/// Text in a chart: how wide it will be, and how to shorten it to fit.
///
/// SVG text does not wrap and the page has no font files, so widths are estimated from the system
/// font's average advance: generous, so labels never collide.
package enum ChartText {
    /// The estimated width in pixels of `text` at `size` pixels.
    package static func width(_ text: String, size: Double = 11) -> Double {
        Double(text.count) * size * 0.6
    }

    /// `text` cut to `limit` characters, ending in `…` when cut.
    package static func truncated(_ text: String, to limit: Int) -> String {
        guard text.count > limit, limit > 1 else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }
}
