import SQLiteStore

extension Checkpoint {
    /// Keeps a webhook delivery before the receiver answers 200: a crash after it loses
    /// nothing, and the next run finds the result without asking again. A repeated delivery
    /// (the provider retries) changes nothing.
    public func saveDelivery(provider: String, key: String, body: [UInt8]) throws(CheckpointError) {
        do {
            try database.run(
                "INSERT OR IGNORE INTO deliveries(provider, key, body) VALUES (?, ?, ?)", .text(provider), .text(key), .blob(body))
        } catch {
            throw .database(error)
        }
    }

    /// Deliveries kept by earlier runs whose lookups did not finish.
    public func storedDeliveries() throws(CheckpointError) -> [(provider: String, key: String, body: [UInt8])] {
        do {
            return try database.rows("SELECT provider, key, body FROM deliveries").compactMap { row in
                guard let provider = row[0].text, let key = row[1].text, let body = row[2].blob else { return nil }
                return (provider, key, body)
            }
        } catch {
            throw .database(error)
        }
    }
}
