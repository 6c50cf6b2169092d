/* The query, for Material's search worker (how it gets there: the top comment of search-fold.js, loaded before
 * this file, whose self.searchVi this file uses and adds to; search-rank.js calls what is defined here).
 *
 * lunr.Index#search (search-rank.js, what Material's worker calls with its query string, "hộ* cận* nghèo*") reads
 * the reader's words (`readWords`); a word no page holds is read as the word one letter away ("quangg" -> "quang",
 * `correct`); a word typed without diacritics takes its most frequent written form in that company (neighbouring
 * words counted in the index: "ho can ngheo" -> "hộ cận nghèo", `chooseForms`); each word becomes lunr clauses
 * (`clausesOf`): the folded word as typed (Material's "*", so a word being typed still finds), the whole folded
 * word, and the written form, which weighs most.
 */
(function (root) {
  "use strict"

  var vi = root.searchVi, lunr = root.lunr
  if (!vi || !lunr)
    return
  var fold = vi.fold, word = vi.word, digits = vi.digits, forms = vi.forms, EXACT = vi.EXACT, GAP = vi.GAP
  var LEADING = vi.LEADING, TRAILING = vi.TRAILING

  var P = lunr.Query.presence, W = lunr.Query.wildcard
  var BOOST = { prefix: 1, typing: 2, whole: 3, exact: 12 }

  // lunr's spelling tolerance ("khoang~1": words within one edit) at most 2: "khoảng ~80%" read as 80 edits of
  // "khoảng" and the worker spent minutes building every such word, answering nothing more until a reload.
  var MAX_EDITS = 2

  // Material's query string ("hộ* cận* nghèo*", "+ho +can", "-x") -> the reader's words, in order.
  function readWords(index, queryString) {
    var query = new lunr.Query(index.fields)
    vi.rawly(function () { new lunr.QueryParser(queryString, query).parse() })
    var words = query.clauses.map(function (c) {
      var term = c.term.replace(/^\*+|\*+$/g, ""), written = word(term)
      return {
        written: written, folded: fold(written), typedMarks: fold(written) !== written, pause: TRAILING.test(term), opens: LEADING.test(term),
        leading: c.term.charAt(0) === "*", trailing: c.term.slice(-1) === "*",
        presence: c.presence, fields: c.fields, boost: c.boost, editDistance: Math.min(c.editDistance || 0, MAX_EDITS)
      }
    }).filter(function (w) { return w.folded })
    var wanted = words.filter(function (w) { return w.presence !== P.PROHIBITED })
    if (wanted.length)
      wanted[wanted.length - 1].last = true
    return words
  }

  // A number typed with spaces between its thousands ("14 871", "39 242": some documents and keyboards write it so)
  // reached the index as two words, "14" and "871", which no page holds side by side: read as one number where the
  // index holds it ("14871", the form typed of "14.871"). w.parts keeps the pieces typed (search-rank.js gives
  // Material's clauses the number read).
  function joinNumbers(index, words) {
    for (var i = 0; i < words.length; i++) {
      var w = words[i], joined = w.folded, end = -1
      if (!/^\d{1,3}$/.test(w.folded) || w.presence === P.PROHIBITED || w.editDistance)
        continue
      for (var j = i + 1; j < words.length && /^\d{3}$/.test(words[j].folded) && !words[j - 1].pause
           && !words[j].opens && words[j].presence === w.presence && !words[j].editDistance; j++) {
        joined += words[j].folded
        if (index.invertedIndex[joined])
          end = j                                 // the longest run the index holds
      }
      if (end < 0)
        continue
      var tail = words[end]
      w.parts = words.slice(i, end + 1).map(function (x) { return x.folded })
      w.written = w.folded = w.parts.join("")
      w.trailing = tail.trailing
      w.pause = tail.pause
      w.last = tail.last
      words.splice(i + 1, end - i)
    }
  }

  // A word of four letters or more that no page holds (nor, for the last word, begins) is read as the word one
  // letter away that most often follows the word before it, else that most pages hold: "quangg" -> "quang",
  // "ho can nghieo" -> "ngheo" (not "nghiep", in more pages). A reader on a phone. Not a word with a digit: a
  // number not in the report finds nothing, never another number. w.typo keeps the word typed (folded): the box
  // says which word was read as which (search-rank.js `tell`, search-page.js).
  // Not a word of three letters or fewer: 96% of the site's three-letter words have another one letter away, and half
  // of all three-letter strings the site does not hold would be read as one of its words: an abbreviation the report
  // does not use ("BCĐ", Ban Chỉ đạo) would be read as one it does ("BCH", Ban Chấp hành), a wrong answer given
  // with confidence, worse than none.
  var MIN_CORRECTED = 4
  function correct(index, words) {
    function follows(before, term) {
      var next = new Set(positions(index, before).map(function (x) { return x[0] + "|" + x[1] + "|" + (x[2] + 1) }))
      return positions(index, term).filter(function (x) { return next.has(x.join("|")) }).length
    }
    words.forEach(function (w, i) {
      if (w.presence === P.PROHIBITED || w.editDistance || w.leading || w.folded.length < MIN_CORRECTED
          || /\d/.test(w.folded) || index.invertedIndex[w.folded])
        return
      if (w.last && w.trailing && index.tokenSet.intersect(lunr.TokenSet.fromString(w.folded + "*")).toArray().length)
        return
      var best = null, most = -1, before = i > 0 ? words[i - 1].folded : null
      index.tokenSet.intersect(lunr.TokenSet.fromFuzzyString(w.folded, 1)).toArray().forEach(function (term) {
        var posting = index.invertedIndex[term], docs = 0
        if (term.charAt(0) === EXACT || !posting)
          return
        index.fields.forEach(function (field) { docs += Object.keys(posting[field] || {}).length })
        var score = (before ? 1000 * follows(before, term) : 0) + docs
        if (score > most || (score === most && term < best))
          best = term, most = score
      })
      if (best !== null) {
        w.typo = w.folded
        w.written = w.folded = best
        w.typedMarks = false
      }
    })
  }

  // Positions of an index term, as [doc, field, position], for counting words that follow each other.
  var positionCache = new WeakMap()
  function positions(index, term) {
    var cache = positionCache.get(index) || positionCache.set(index, new Map()).get(index)
    if (!cache.has(term))
      cache.set(term, readPositions(index, term))
    return cache.get(term)
  }
  function readPositions(index, term) {
    var posting = index.invertedIndex[term], found = []
    if (!posting)
      return found
    index.fields.forEach(function (field) {
      var docs = posting[field] || {}
      Object.keys(docs).forEach(function (ref) {
        (docs[ref].position || []).forEach(function (p) { found.push([ref, field, p]) })
      })
    })
    return found
  }

  function termOf(written) {
    var folded = fold(written)
    return forms[folded] ? EXACT + written : folded
  }

  // A word typed without diacritics means its most frequent written form *in that company*: the forms of the
  // whole query that follow each other most often on the site (pairs of neighbours), then the most frequent
  // single forms. "ho can ngheo" -> "hộ cận nghèo", "chuyen doi so" -> "chuyển đổi số". Sets w.exact.
  function chooseForms(index, words) {
    var wanted = words.filter(function (w) { return w.presence !== P.PROHIBITED })
    var cache = Object.create(null)
    var gaps = new Set(positions(index, GAP).map(function (x) { return x.join("|") }))
    function follows(a, b) {                       // how often b follows a, with no punctuation between them
      var key = a + " " + b
      if (!(key in cache)) {
        var next = new Set(positions(index, termOf(a)).filter(function (x) { return !gaps.has(x.join("|")) })
          .map(function (x) { return x[0] + "|" + x[1] + "|" + (x[2] + 1) }))
        cache[key] = positions(index, termOf(b)).filter(function (x) { return next.has(x.join("|")) }).length
      }
      return cache[key]
    }
    var best = []                                  // per word: candidate -> {score, back}
    wanted.forEach(function (w, i) {
      var options = w.typedMarks || !forms[w.folded] ? [[w.written, 1]] : forms[w.folded]
      var scores = new Map()
      options.forEach(function (option) {
        var own = Math.log(1 + option[1]), pick = { score: own, back: null }
        if (i > 0 && best[i - 1].size)
          best[i - 1].forEach(function (prev, form) {
            var s = prev.score + own + 100 * Math.log(1 + follows(form, option[0]))
            if (pick.back === null || s > pick.score)
              pick = { score: s, back: form }
          })
        scores.set(option[0], pick)
      })
      best.push(scores)
    })
    var form = null
    for (var i = wanted.length - 1; i >= 0; i--) {
      if (form === null || !best[i].has(form))
        form = Array.from(best[i].entries()).sort(function (a, b) { return b[1].score - a[1].score })[0][0]
      wanted[i].exact = forms[wanted[i].folded] ? form : null
      form = best[i].get(form).back
    }
  }

  // The lunr clauses of one word: its folded form as typed (with Material's "*": words that begin so), the whole
  // folded word, and its written form. The written form weighs most, then the whole word; a beginning counts more
  // for the last word (perhaps still being typed) than for the words before it.
  function clausesOf(w) {
    var wildcard = (w.leading ? W.LEADING : 0) | (w.trailing ? W.TRAILING : 0)
    var base = { fields: w.fields, usePipeline: false }
    function spec(term, wildcard, boost, presence) {
      var made = Object.assign({}, base, { term: term, wildcard: wildcard, boost: boost * w.boost,
                                           presence: presence || P.OPTIONAL })
      if (w.editDistance)                          // "~1"; lunr reads a present but empty editDistance as fuzzy
        made.editDistance = w.editDistance
      return made
    }
    if (w.presence === P.PROHIBITED)
      return [spec(w.folded, wildcard, 1, P.PROHIBITED)]
    var list = [spec(w.folded, wildcard, w.last ? BOOST.typing : BOOST.prefix, w.presence)]
    if (wildcard)
      list.push(spec(w.folded, W.NONE, BOOST.whole))
    if (digits(w.written))
      list.push(spec(digits(w.written), W.NONE, BOOST.whole))
    if (w.exact)
      list.push(spec(EXACT + w.exact, W.NONE, BOOST.exact))
    return list
  }

  Object.assign(vi, { readWords: readWords, joinNumbers: joinNumbers, correct: correct, chooseForms: chooseForms, clausesOf: clausesOf,
                      positions: positions })
})(self)
