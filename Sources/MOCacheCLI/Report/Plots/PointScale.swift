/// Places categories at even steps across a range of pixels, each in the middle of its slot: the x
/// axis of a hyperparameter whose values are words (`base_model`) or too few numbers to space.
///
/// ```swift
/// let x = PointScale(count: 4, start: 0, end: 400)
/// x.position(0)   // 50
/// x.position(3)   // 350
/// ```
package struct PointScale: Sendable, Hashable {
    /// How many categories.
    package let count: Int
    /// The pixel range.
    package let start: Double
    package let end: Double

    /// Makes a scale for `count` categories (at least one).
    package init(count: Int, start: Double, end: Double) {
        self.count = max(1, count)
        self.start = start
        self.end = end
    }

    /// The width of one category's slot.
    package var slot: Double { (end - start) / Double(count) }

    /// The pixel position of category `index` (a `Double` so that positions and indexes mix).
    package func position(_ index: Double) -> Double {
        start + (index + 0.5) * slot
    }
}
