/* The results, for Material's search worker (how it gets there: the top comment of search-fold.js; the query is
 * read by search-query.js, both loaded before this file).
 *
 * lunr.Index#search, what Material's worker calls with its query string: the query (search-query.js), then the
 * results in tiers: the whole query as written, words one after the other; the same after folding; every word,
 * apart; some words. In each tier the report's pages come before pages with a lower `search: boost:` (appendices,
 * summaries), and a report page holding three words or more in order with one left out ("Quy định 85": "Quy định
 * số 85") comes before those holding them together; lunr's score (BM25, the share of words found, the longest run
 * of them together) orders the rest. The match data Material gets back holds (and so Material marks) only the
 * reader's words: whole, the last one also as a beginning.
 */
(function (root) {
  "use strict"

  var vi = root.searchVi, lunr = root.lunr
  if (!vi || !vi.readWords)
    return
  var digits = vi.digits, EXACT = vi.EXACT, GAP = vi.GAP, P = lunr.Query.presence

  // The page boost of every document (`search: boost:` in a page's front matter; 1 when none): lunr folds it
  // into its scores and keeps no copy, so it is noted here as Material adds the documents.
  var boosts = Object.create(null)
  var add = lunr.Builder.prototype.add
  lunr.Builder.prototype.add = function (doc, attributes) {
    boosts[doc[this._ref]] = attributes && attributes.boost ? attributes.boost : 1
    return add.apply(this, arguments)
  }

  // The longest run of the query's words found one after the other (sets: per word, its positions in a field;
  // gaps: the positions followed by punctuation; pauses: per word, whether the query itself has punctuation
  // before it, "Kết quả: Các", "Tôn Đức Thắng (20/8/1888", so that the run goes on across the page's).
  // whole (optional): a set that receives the positions of every run of all the words.
  function longestRun(sets, gaps, pauses, whole) {
    var best = 0, prev = new Map()
    sets.forEach(function (set, i) {
      var now = new Map()
      set.forEach(function (p) { now.set(p, (gaps.has(p - 1) && !pauses[i] ? 0 : prev.get(p - 1) || 0) + 1) })
      now.forEach(function (n) { best = Math.max(best, n) })
      prev = now
    })
    if (whole)
      prev.forEach(function (n, p) {
        for (var k = 0; n === sets.length && k < n; k++)
          whole.add(p - k)
      })
    return best
  }

  // The longest run of the query's words in order with one other word between two of them at most once, no
  // punctuation ("Quy định 85" in "Quy định số 85-QĐ/TW").
  function nearRun(sets, gaps) {
    var best = 0, prev = new Map(), prevSkipped = new Map()
    sets.forEach(function (set) {
      var now = new Map(), nowSkipped = new Map()
      set.forEach(function (p) {
        var next = gaps.has(p - 1) ? 0 : prev.get(p - 1) || 0
        now.set(p, next + 1)
        nowSkipped.set(p, Math.max(gaps.has(p - 1) ? 0 : prevSkipped.get(p - 1) || 0,
                                   gaps.has(p - 1) || gaps.has(p - 2) ? 0 : prev.get(p - 2) || 0) + 1)
        best = Math.max(best, now.get(p), nowSkipped.get(p))
      })
      prev = now
      prevSkipped = nowSkipped
    })
    return best
  }

  // How a result holds the query: its tier (3: the whole query as written, words one after the other; 2: the
  // same after folding; 1: every word, apart; 0: some words), and for ordering inside a tier the share of the
  // words found and the longest run of them together. A word "as written" is the form typed, or for a word
  // typed without diacritics the form chooseForms picked; the last word may be the beginning of a word.
  // phrase: per field, the positions of the query's words where they stand together (folded), when there are
  // several words and the result holds them so.
  function measure(index, ref, metadata, words) {
    var fields = index.fields, gaps = index.invertedIndex[GAP] || {}
    var wanted = words.filter(function (w) { return w.presence !== P.PROHIBITED })
    var keys = Object.keys(metadata)
    if (!wanted.length)
      return { tier: 0, factor: 1, phrase: {} }
    function strict(w) {
      var term = w.exact ? EXACT + w.exact : w.folded, typed = digits(w.written)
      return function (key) { return key === term || key === typed || (w.last && w.trailing && key.startsWith(term)) }
    }
    function loose(w) {
      var typed = digits(w.written)
      return function (key) {
        return key.charAt(0) !== EXACT
          && (key === w.folded || key === typed || (w.last && w.trailing && key.startsWith(w.folded)))
      }
    }
    var pauses = wanted.map(function (w, i) { return i > 0 && (wanted[i - 1].pause || w.opens) })
    var phrase = Object.create(null), near = 0
    var runs = [strict, loose].map(function (kind) {
      var tests = wanted.map(kind), best = 0
      fields.forEach(function (field) {
        var breaks = new Set(((gaps[field] || {})[ref] || {}).position || [])
        var whole = kind === loose && wanted.length > 1 ? (phrase[field] = new Set()) : undefined
        var sets = tests.map(function (test) {
          var set = new Set()
          keys.forEach(function (key) {
            if (test(key) && metadata[key][field])
              metadata[key][field].position.forEach(function (p) { set.add(p) })
          })
          return set
        })
        best = Math.max(best, longestRun(sets, breaks, pauses, whole))
        if (kind === strict && wanted.length > 1)
          near = Math.max(near, nearRun(sets, breaks))
      })
      return best
    })
    var found = wanted.map(loose).filter(function (test) { return keys.some(test) }).length
    var n = wanted.length
    var tier = runs[0] === n ? 3 : runs[1] === n ? 2 : found === n ? 1 : 0
    var together = n > 1 ? 1 + (4 * (runs[0] - 1) + 2 * Math.max(0, runs[1] - 1)) / (n - 1) : 1
    return { tier: tier, factor: Math.pow(found / n, 2) * together, phrase: phrase, near: n >= NEAR_WORDS && near === n }
  }

  // Whether a matched index term is one of the reader's words: the whole word (folded, or a number as typed),
  // or, for the last word (perhaps still being typed) and a word typed with "*" before or "~", any word it
  // reaches. Material adds "*" to every word of the query: "hộ cận nghèo" also matched "hoạt", "hoàn" (a word
  // finished and followed by a space is whole), and Material marked them in the result.
  function wanted(words) {
    var tests = words.filter(function (w) { return w.presence !== P.PROHIBITED }).map(function (w) {
      var typed = digits(w.written)
      return function (key) {
        return key === w.folded || key === typed || !!w.editDistance
          || (w.leading ? key.indexOf(w.folded) >= 0 : w.last && w.trailing && key.startsWith(w.folded))
      }
    })
    return function (key) { return tests.some(function (test) { return test(key) }) }
  }

  // Match data as Material expects it: folded terms only, of the reader's words (`wanted`), each position once
  // (it marks each position); in a field holding the words together (phrase, from measure), only those: Material
  // shows the first two paragraphs it marks, which were those with any of the words ("hộ gia đình" for "hộ cận
  // nghèo"), not the paragraph with the phrase. A term's field entry may be the index's own posting (lunr.MatchData#add keeps it
  // without a copy): it is replaced by a copy, never changed, or the index would lose those positions for every
  // later search.
  function cleanMatches(metadata, fields, words, phrase) {
    var seen = Object.create(null), isWanted = wanted(words)
    Object.keys(metadata).sort().forEach(function (key) {
      if (key.charAt(0) === EXACT || !isWanted(key)) {
        delete metadata[key]
        return
      }
      fields.forEach(function (field) {
        var match = metadata[key][field]
        if (!match || !match.position)
          return
        var mine = seen[field] || (seen[field] = new Set())
        metadata[key][field] = Object.assign({}, match, {
          position: match.position.filter(function (p) {
            return (!phrase[field] || !phrase[field].size || phrase[field].has(p)) && !mine.has(p) && mine.add(p)
          })
        })
      })
    })
  }

  // Results in tiers (measure), and in each tier the report's own pages before the pages with a lower boost
  // (appendices, summaries); lunr's score orders each of these groups. A tier is worth a factor of 1e6, far
  // beyond what lunr's scores differ by and Material's own later boosts (at most x5), so the order holds.
  var TIER = 1e6
  // A report page holding the words as written in order, one word left out once ("Quy định 85": the
  // report writes "Quy định số 85-QĐ/TW"), comes before an appendix or the guide holding them together (the guide
  // quotes "Quy định 85-QĐ/TW"), after a report page holding them together.
  // Three words or more: two words apart ("và … đơn") are not the phrase.
  var NEAR = 2 * 3 + 0.5, NEAR_WORDS = 3

  // Material's worker writes a typed word that the index's separator cuts ("2021-2025", "213-QĐ/TW") once per
  // piece, one copy after the other ("2021-2025* 2021-2025*"); read once, or the query would be "2021 2025 2021
  // 2025" and no page would hold it as a phrase.
  var COPIES = /(^|\s)(\S*-\S*)(?:\s+\2)+(?=\s|$)/g

  // Tells the page (search-page.js) which words were read as others: {type: READ, data: [[typed, read], ...]}
  // (folded; the form read with its diacritics where the query chose one), before Material's own answer (RESULT),
  // which Material sends right after this search returns. Only from a worker (or the iframe standing in for one
  // on a page opened from disk), never when lunr runs in a page.
  var READ = "search-vi/read"
  function tell(words) {
    var read = words.filter(function (w) { return w.typo })
    var inWorker = typeof WorkerGlobalScope !== "undefined" && root instanceof WorkerGlobalScope
    var inFrame = typeof parent !== "undefined" && parent !== root && "IFrameWorker" in parent
    if (read.length && (inWorker || inFrame))
      root.postMessage({ type: READ, data: read.map(function (w) { return [w.typo, w.exact || w.folded] }) })
  }

  // Material's clauses for its own analysis of the query (search-fold.js): a word read as another is that other,
  // the pieces of a number typed with spaces are the number.
  function rewrite(analysed, words) {
    words.forEach(function (w) {
      var typed = (w.parts || []).concat(w.typo ? [w.typo] : [])
      analysed.forEach(function (c) {
        if (typed.length && typeof c.term === "string" && typed.indexOf(vi.fold(vi.word(c.term))) >= 0)
          c.term = w.folded
      })
    })
  }

  lunr.Index.prototype.search = function (queryString) {
    var analysed = vi.analysed
    vi.analysed = []
    queryString = queryString.replace(COPIES, "$1$2")
    var index = this, words = vi.readWords(index, queryString)
    // A query with no word ("😀", "…", "?") is no search: lunr reads a query without clauses as one that only
    // excludes, and answered every page of the site, unmarked.
    if (!words.some(function (w) { return w.presence !== P.PROHIBITED }))
      return []
    vi.joinNumbers(index, words)
    vi.correct(index, words)
    vi.chooseForms(index, words)
    rewrite(analysed, words)
    tell(words)
    var results = index.query(function (query) {
      vi.rawly(function () {
        words.forEach(function (w) { vi.clausesOf(w).forEach(function (spec) { query.clause(spec) }) })
      })
    })
    results.forEach(function (result) {
      var metadata = result.matchData.metadata, m = measure(index, result.ref, metadata, words)
      var primary = !(boosts[result.ref] < 1), rank = 2 * m.tier + (primary ? 1 : 0)
      if (primary && m.near && rank < NEAR)
        rank = NEAR
      result.score *= m.factor * Math.pow(TIER, rank)
      cleanMatches(metadata, index.fields, words, m.phrase)
    })
    return results.sort(function (a, b) { return b.score - a.score })
  }
})(self)
