/// One tick of an axis: where it is in data units and what it says.
package struct AxisTick: Sendable, Hashable {
    /// The position, in the axis's data units (seconds since 1970 on a time axis, an index on a
    /// category axis).
    package let value: Double
    /// The label written at the tick.
    package let label: String

    /// Makes a tick.
    package init(value: Double, label: String) {
        self.value = value
        self.label = label
    }
}
