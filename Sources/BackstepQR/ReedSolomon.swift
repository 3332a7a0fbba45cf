/// Arithmetic in GF(2⁸) with the QR code's field polynomial x⁸ + x⁴ + x³ + x² + 1 (0x11D), α = 2.
enum GF256 {
    /// αⁱ for i in 0..<510, doubled so a sum of two logarithms needs no reduction.
    static let powers: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 510)
        var value = 1
        for index in 0..<255 {
            table[index] = UInt8(value)
            table[index + 255] = UInt8(value)
            value <<= 1
            if value & 0x100 != 0 { value ^= 0x11D }
        }
        return table
    }()

    /// log_α(v) for v in 1...255 (index 0 unused).
    static let logarithms: [Int] = {
        var table = [Int](repeating: 0, count: 256)
        for index in 0..<255 { table[Int(powers[index])] = index }
        return table
    }()

    /// The product of two field elements.
    static func multiply(_ lhs: UInt8, _ rhs: UInt8) -> UInt8 {
        guard lhs != 0, rhs != 0 else { return 0 }
        return powers[logarithms[Int(lhs)] + logarithms[Int(rhs)]]
    }
}

/// Reed–Solomon error correction codewords as ISO/IEC 18004:2015 §7.5.2 defines them.
enum ReedSolomon {
    /// The generator polynomial (x − α⁰)(x − α¹)…(x − α^(degree−1)), coefficients from the highest power down;
    /// the first is always 1.
    static func generator(degree: Int) -> [UInt8] {
        var polynomial: [UInt8] = [1]
        for root in 0..<degree {
            var product = [UInt8](repeating: 0, count: polynomial.count + 1)
            for (index, coefficient) in polynomial.enumerated() {
                product[index] ^= coefficient
                product[index + 1] ^= GF256.multiply(coefficient, GF256.powers[root])
            }
            polynomial = product
        }
        return polynomial
    }

    /// The error correction codewords of a block: the remainder of data(x)·x^degree divided by the generator.
    /// - Parameters:
    ///   - data: the block's data codewords, first codeword the highest power.
    ///   - degree: the number of error correction codewords.
    static func remainder(of data: [UInt8], degree: Int) -> [UInt8] {
        guard degree > 0 else { return [] }
        let divisor = generator(degree: degree)
        var remainder = [UInt8](repeating: 0, count: degree)
        for codeword in data {
            let factor = codeword ^ remainder[0]
            remainder.removeFirst()
            remainder.append(0)
            for index in 0..<degree { remainder[index] ^= GF256.multiply(divisor[index + 1], factor) }
        }
        return remainder
    }
}
