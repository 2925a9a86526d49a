#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Test-side encoder: converts UTF-8 text to `encoding` with the C library's iconv, strictly
/// (nil if any character cannot be encoded). Independent of the module's decoding path.
func encode(_ text: String, to encoding: String) -> [UInt8]? {
    guard let cd = iconv_open(encoding, "UTF-8"), Int(bitPattern: cd) != -1 else { return nil }
    defer { iconv_close(cd) }
    var input = Array(text.utf8)
    if input.isEmpty { return [] }
    var output = [UInt8](repeating: 0, count: input.count * 4 + 64)
    let outCapacity = output.count
    let produced: Int? = input.withUnsafeMutableBytes { inRaw in
        output.withUnsafeMutableBytes { outRaw in
            var inPtr: UnsafeMutablePointer<CChar>? = inRaw.baseAddress!.assumingMemoryBound(to: CChar.self)
            var inLeft = inRaw.count
            var outPtr: UnsafeMutablePointer<CChar>? = outRaw.baseAddress!.assumingMemoryBound(to: CChar.self)
            var outLeft = outCapacity
            if iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) == -1 { return nil }
            if iconv(cd, nil, nil, &outPtr, &outLeft) == -1 { return nil }
            return outCapacity - outLeft
        }
    }
    guard let produced else { return nil }
    return Array(output.prefix(produced))
}

/// A seed document (UTF-8) from the repository's `Samples/documents/`.
func seedArticle(_ name: String = "plain-article.txt") -> String? {
    var candidates: [String] = []
    var dir = "\(#filePath)"
    while let slash = dir.lastIndex(of: "/"), slash != dir.startIndex {
        dir = String(dir[..<slash])
        candidates.append(dir + "/Samples/documents/" + name)
    }
    for path in candidates {
        guard let file = fopen(path, "rb") else { continue }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = fread(&chunk, 1, chunk.count, file)
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        return String(validating: bytes, as: UTF8.self)
    }
    return nil
}

/// A small deterministic generator (SplitMix64) so failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum Samples {
    /// Traditional Chinese, written for these tests (about 440 characters).
    static let traditional = """
    臺灣的夜市文化歷史悠久，是許多旅客來訪時必定安排的行程。每當夕陽西下，街道兩旁的攤販便陸續點亮燈火，空氣中瀰漫著滷味、烤香腸與臭豆腐的香氣。老闆們熱情地招呼過往的行人，有的攤位已經經營了三十多年，從父親傳承到兒子，甚至到了孫子這一代。
    在這些攤位之中，最受歡迎的往往是那些看起來並不起眼的小店。一碗熱騰騰的蚵仔麵線，一杯加了珍珠的奶茶，價格實惠，卻能讓人感受到濃濃的人情味。許多在外地工作的年輕人，每次回到家鄉，第一件事就是到夜市走一走，尋找記憶中熟悉的味道。
    近年來，政府與地方團體積極推動夜市的環境改善，包括設置垃圾分類站、規劃無障礙通道，以及鼓勵攤商使用環保餐具。這些措施雖然在剛開始時引起部分攤販的疑慮，但經過幾年的溝通與調整，如今已經成為各地夜市的共同標準。
    對於觀光客而言，夜市不僅是品嚐美食的地方，更是認識當地生活的窗口。在這裡，你可以聽見各種語言的交談聲，看見不同世代的人們擠在同一張小桌子旁邊，一邊吃東西一邊聊天。這種熱鬧而溫暖的氣氛，正是臺灣最迷人的風景之一。

    """

    /// Japanese.
    static let japanese = """
    日本の春は桜の季節として知られています。三月の終わりから四月の初めにかけて、各地の公園や川沿いには満開の桜が咲き誇り、多くの人々が花見を楽しみます。家族や友人、会社の同僚たちがシートを広げ、お弁当を食べながら春の訪れを祝います。
    夜になると、ライトアップされた桜が幻想的な雰囲気を作り出し、昼間とはまた違った美しさを見せてくれます。しかし、桜の花が咲いている期間はとても短く、一週間ほどで散ってしまいます。そのはかなさこそが、日本人の心を強く引きつける理由なのかもしれません。

    """

    /// Korean.
    static let korean = """
    서울은 대한민국의 수도이며 정치, 경제, 문화의 중심지입니다. 한강을 따라 펼쳐진 도시에는 오래된 궁궐과 현대적인 고층 빌딩이 함께 어우러져 있습니다.
    매년 수많은 관광객들이 경복궁과 남산 타워를 방문하고, 시장에서 다양한 전통 음식을 맛봅니다. 봄에는 벚꽃이 피고 가을에는 단풍이 물들어 계절마다 다른 아름다움을 느낄 수 있습니다.

    """

    /// French and German with windows-1252-only characters (’ € — “ ”).
    static let western = """
    « Les élèves ont été très contents de découvrir le musée du Louvre. » Le guide leur a expliqué l’histoire de la façade, et ils ont pris un café crème à la terrasse. Prix : 20 € par personne — c’était très réussi ! “Merci”, dit la maîtresse.
    Die Größe der Straße war übermäßig beeindruckend, und die Schüler aßen Brötchen.

    """

    /// Simplified Chinese with characters outside GB2312 (镕, 喆, 堃, 昇), which GBK has.
    static let gbkOnly = "朱镕基总理在会上讲话。歌手陶喆发布了新专辑，王堃和李昇也出席了发布会。"
}
