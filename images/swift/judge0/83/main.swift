let parts = (readLine() ?? "").split(separator: " ").compactMap { Int($0) }
print(parts.reduce(0, +))
