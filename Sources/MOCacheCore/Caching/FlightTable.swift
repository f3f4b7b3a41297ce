/// The work in flight in this process, by key: single flight within one process.
///
/// Owns the table of running flights. A caller that finds its key in flight joins that flight instead
/// of starting the same work; a flight leaves the table when it ends. (Across processes, leases in the
/// store do the same job.)
actor FlightTable<Key: Hashable & Sendable, Flight: AnyObject & Sendable> {
    private var flights: [Key: Flight] = [:]

    /// The flight for `key`: the one in flight, or a new one made by `make` and entered in the table.
    func join(_ key: Key, make: () -> Flight) -> (flight: Flight, isNew: Bool) {
        if let flight = flights[key] { return (flight, false) }
        let flight = make()
        flights[key] = flight
        return (flight, true)
    }

    /// For each key, the flight already in flight, or else `new`, entered in the table for that key.
    func join(_ keys: [Key], orEnter new: Flight) -> [Key: Flight] {
        var result: [Key: Flight] = [:]
        for key in keys {
            if let flight = flights[key] {
                result[key] = flight
            } else {
                flights[key] = new
                result[key] = new
            }
        }
        return result
    }

    /// Takes `flight` out of the table for each of `keys` where it still stands.
    func remove(_ keys: [Key], flight: Flight) {
        for key in keys where flights[key] === flight {
            flights[key] = nil
        }
    }
}
