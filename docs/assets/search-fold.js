/* Vietnamese search for Material's search: accent folding ("chuyen doi so" finds "chuyển đổi số") and
 * ranking (the first result is what the reader meant).
 *
 * Fold rule (the same as macros/site/search_forms.py `fold`, checked against it by tests/test_search.py):
 * NFD, drop combining marks (\p{Mn}), đ -> d, Đ -> D, lowercase. Word rule (macros/site/search_forms.py `word`):
 * lowercase, NFC, punctuation around the word dropped, tone of a final oa/oe/uy on its first vowel ("uỷ" = "ủy").
 *
 * How it reaches the search. Material runs lunr in a web worker (assets/javascripts/workers/search.*.min.js).
 * Because the search plugin has `lang: vi`, that worker always importScripts()
 * assets/javascripts/lunr/min/lunr.vi.min.js before it builds the index. macros/site/mkdocs_hooks.py (on_post_build)
 * appends to that lunr.vi.min.js in the built site `self.searchForms = {...}` (the written forms of every folded
 * word that has several on the site, with their counts, computed from search/search_index.json by
 * macros/site/search_forms.py) and this file, so it runs inside the worker with `lunr` loaded and:
 *   1. index side: lunr.vi (the language plugin Material calls with `this.use(lunr.vi)`) also adds the pipeline
 *      function "terms-vi": every word is indexed folded ("ho"); a word whose folded form has several written
 *      forms also as written ("=hộ"); a number also as a reader types it: without separators ("39.242" ->
 *      "39242"), without leading zeros ("05" -> "5", "21/06/1925" -> "21/6/1925"); a word
 *      followed by punctuation also as "=|" (phrases do not run across punctuation). All at the word's position
 *      in the text, so Material shows and <mark>s the text WITH its diacritics; search_index.json is untouched.
 *   2. query side: lunr.Index#search (what Material's worker calls with its query string, "hộ* cận* nghèo*")
 *      reads the reader's words; a word no page holds is read as the word one letter away ("quangg" -> "quang",
 *      `correct`); a word typed without diacritics takes its most frequent written form in that
 *      company (neighbouring words counted in the index: "ho can ngheo" -> "hộ cận nghèo"); each word becomes
 *      lunr clauses: the folded word as typed (Material's "*", so a word being typed still finds), the whole
 *      folded word, and the written form, which weighs most. Results then go in tiers: the whole query as written,
 *      words one after the other; the same after folding; every word, apart; some words. In each tier the report's
 *      pages come before pages with a lower `search: boost:` (appendices, summaries), and a report page holding
 *      three words or more in order with one left out ("Quy định 85": "Quy định số 85") comes before those holding
 *      them together; lunr's score (BM25, the share of words found, the longest run of them together) orders the
 *      rest. Material's own analysis of the
 *      query (lunr.Query#clause, patched here) sees folded words, as the match data it gets back, which holds
 *      (and so Material marks) only the reader's words: whole, the last one also as a beginning.
 *   3. a lunr 2.3.9 bug fix, needed by the same worker: lunr.TokenSet#toString (the key lunr uses to merge equal
 *      nodes when it minimises the index's word graph) writes edge label + node id with no separator, so digit
 *      labels collide ("3"+"12" = "31"+"2"). Tables full of numbers then make lunr invent words that are not in
 *      the index, and any prefix query reaching one throws "Cannot read properties of undefined (reading
 *      '_index')": Material shows no results at all (lunr.js issues #279, #314). The label is quoted here.
 * In the page (overrides/main.html loads this file there too) it defines self.searchFold and self.searchWord and
 * does the search.highlight feature's job for folded words: Material's link to a result carries the query terms
 * as ?h=, folded ("?h=chuyen+doi+so"), and Material's own page highlighter matches them literally, so it would
 * mark nothing in "chuyển đổi số". This script marks the words with diacritics whose folded form is a term, or
 * starts with the last term ("ho can ngheo" marks "hộ", not "hoạt"); plain ASCII words are left to Material's highlighter, so nothing is marked twice.
 */
(function (root) {
  "use strict"

  function fold(text) {
    return text.normalize("NFD").replace(/\p{Mn}/gu, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase()
  }
  root.searchFold = fold

  var EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu  // punctuation around a word: "nghèo," -> "nghèo"
  var LEADING = /^[^\p{L}\p{N}]/u, TRAILING = /[^\p{L}\p{N}]$/u
  var NUMBER = /^\d+(?:[.,]\d+)+$/                 // 39.242, 1.440, 79,85 (also typed 39,242)
  var NUMERALS = /^\d+(?:\/\d+)*$/                 // 05, 02/03, 21/06/1925: a count, a tally, a date
  // Two spellings of one word: the tone on the first or the second vowel of a final oa, oe, uy ("uỷ"/"ủy",
  // "hoà"/"hòa"; not after q: "quý"). Words are read with the tone on the first (NFD: letters, then marks).
  var LATE_TONE = /(^|[^q])([ou])([aey])([\u0300\u0301\u0303\u0309\u0323])$/

  // A word as the index and the query both see it (the same rule as macros/site/search_forms.py `word`):
  // lowercase, NFC, punctuation around it dropped, one spelling of the tone.
  function word(text) {
    return text.toLowerCase().normalize("NFC").replace(EDGES, "")
      .normalize("NFD").replace(LATE_TONE, "$1$2$4$3").normalize("NFC")
  }
  root.searchWord = word

  if (typeof document !== "undefined")
    highlightPage(new URLSearchParams(location.search).get("h"))

  function highlightPage(query) {
    var article = document.querySelector("article.md-content__inner")
    var terms = fold(query || "").split(/[\s*+\-:~^]+/).filter(Boolean)
    if (!article || !terms.length)
      return
    var nodes = [], walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT)
    while (walker.nextNode())
      nodes.push(walker.currentNode)
    nodes.forEach(function (node) {
      var parts = node.data.split(/([^\s.,;:!?()\[\]"\/\-]+)/)
      var marked = false, spans = parts.map(function (part, i) {
        var word = fold(part)
        if (i % 2 && word !== part.toLowerCase() && terms.some(function (t, k) {
          return k === terms.length - 1 ? word.startsWith(t) : word === t   // only the last may be a beginning
        })) {
          marked = true
          var mark = document.createElement("mark")
          mark.setAttribute("data-md-highlight", "")
          mark.textContent = part
          return mark
        }
        return document.createTextNode(part)
      })
      if (marked)
        node.replaceWith.apply(node, spans)
    })
  }

  var lunr = root.lunr
  if (!lunr || !lunr.vi || lunr.vi.ranked)
    return

  // ---- words and index terms ---------------------------------------------------------------------------------

  var EXACT = "="                                  // index terms "=hộ": the written form (no word starts with "=")
  var GAP = "=|"                                   // index term at a word followed by punctuation ("nghèo,")

  // The forms of each folded word written in several ways on the site, most frequent first, with their
  // counts: {"ho": [["hộ", 48], ["hồ", 15], ...]}. Computed at build time from search_index.json and
  // written before this file by macros/site/mkdocs_hooks.py (self.searchForms, "hộ 48 hồ 15 ..." per word).
  var forms = Object.create(null)
  Object.keys(root.searchForms || {}).forEach(function (folded) {
    var parts = root.searchForms[folded].split(" "), list = []
    for (var i = 0; i + 1 < parts.length; i += 2)
      list.push([parts[i], +parts[i + 1]])
    forms[folded] = list
  })

  // A number as a reader may type it, when it differs from the written one: its digits without separators
  // ("39.242" -> "39242"), or without leading zeros ("05" -> "5", "02/03" -> "2/3", "21/06/1925" -> "21/6/1925":
  // the pages write dates and some counts with two digits, the source and the readers often with one). Or null.
  function digits(written) {
    if (NUMBER.test(written))
      return written.replace(/[.,]/g, "")
    var bare = NUMERALS.test(written) && written.replace(/(^|\/)0+(?=\d)/g, "$1")
    return bare && bare !== written ? bare : null
  }

  // The pieces of a code written with slashes ("1552/BTTTT", "QĐ/TW", "3G/4G", "06/CP"), which the index's
  // separator keeps whole: a reader types one piece ("BTTTT", "TW", "4G"), and found nothing. Dates and tallies
  // ("21/06/1925", "02/03": digits only) are not cut. A list of folded pieces, empty for other words.
  function pieces(folded) {
    if (folded.indexOf("/") < 0 || !/\p{L}/u.test(folded))
      return []
    return folded.split("/").map(word).filter(function (piece) { return piece && piece !== folded })
  }

  // Index side: every word is stored folded ("ho"); a word whose folded form has several written forms also
  // as written ("=hộ"), so the exact word can weigh more; a number also as a reader may type it (`digits`:
  // "39.242" -> "39242", "05" -> "5"). All at the word's position, so Material highlights the text as before. Where
  // punctuation separates two words ("hộ nghèo, hộ cận nghèo"), GAP is stored at the first of them: a phrase
  // does not run across it.
  function indexTerms(token) {
    var raw = token.toString(), written = word(raw)
    if (!written)
      return undefined
    var folded = fold(written), terms = [folded], typed = digits(written)
    if (forms[folded])
      terms.push(EXACT + written)
    if (typed)
      terms.push(typed)
    pieces(folded).forEach(function (piece) { terms.push(piece) })
    if (TRAILING.test(raw))
      terms.push(GAP)
    var tokens = terms.map(function (term) { return token.clone(function () { return term }) })
    if (LEADING.test(raw) && typeof token.metadata.position === "number")
      tokens.push(new lunr.Token(GAP, Object.assign({}, token.metadata, { position: token.metadata.position - 1 })))
    return tokens
  }
  lunr.Pipeline.registerFunction(indexTerms, "terms-vi")
  lunr.Pipeline.registerFunction(lunr.vi.stopWordFilter, "stopWordFilter-vi")   // upstream forgot: quiets a warning

  var plugin = lunr.vi
  lunr.vi = Object.assign(function () {
    plugin.apply(this, arguments)
    this.pipeline.add(indexTerms)
  }, plugin, { terms: indexTerms, ranked: true })

  // A colon is punctuation to a reader ("giai đoạn 2021-2025: 02/02", "Bưu chính: 02/03"), not lunr's "field:term"
  // (a search in one field, which no reader types): read as a letter of the word, which the word rule then drops
  // like a comma. lunr refused "2021-2025:" as an unknown field ("Invalid query", nothing found), and Material
  // dropped a word such as "chính:" from the query.
  lunr.QueryLexer.lexField = function () {
    return lunr.QueryLexer.lexText
  }

  // Material's own analysis of the query (which words were found, for its result list) parses the query with
  // lunr.Query; its terms are folded here so that they meet the folded index terms, without the punctuation
  // around them ("2025:"; a wildcard "*" stays).
  var rawClauses = false
  var clause = lunr.Query.prototype.clause
  lunr.Query.prototype.clause = function (spec) {
    if (!rawClauses && typeof spec.term === "string")
      spec.term = fold(spec.term).replace(/^[^\p{L}\p{N}*]+|[^\p{L}\p{N}*]+$/gu, "")
    return clause.call(this, spec)
  }

  // ---- the query -----------------------------------------------------------------------------------------------

  var P = lunr.Query.presence, W = lunr.Query.wildcard
  var BOOST = { prefix: 1, typing: 2, whole: 3, exact: 12 }

  // lunr's spelling tolerance ("khoang~1": words within one edit) at most 2: "khoảng ~80%" read as 80 edits of
  // "khoảng" and the worker spent minutes building every such word, answering nothing more until a reload.
  var MAX_EDITS = 2

  // Material's query string ("hộ* cận* nghèo*", "+ho +can", "-x") -> the reader's words, in order.
  function readWords(index, queryString) {
    var query = new lunr.Query(index.fields)
    rawClauses = true
    try {
      new lunr.QueryParser(queryString, query).parse()
    } finally {
      rawClauses = false
    }
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

  // A word of four letters or more that no page holds (nor, for the last word, begins) is read as the word one
  // letter away that most often follows the word before it, else that most pages hold: "quangg" -> "quang",
  // "ho can nghieo" -> "ngheo" (not "nghiep", in more pages). A reader on a phone. Not a word with a digit: a
  // number not in the report finds nothing, never another number.
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

  // ---- ranking -------------------------------------------------------------------------------------------------

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

  lunr.Index.prototype.search = function (queryString) {
    queryString = queryString.replace(COPIES, "$1$2")
    var index = this, words = readWords(index, queryString)
    // A query with no word ("😀", "…", "?") is no search: lunr reads a query without clauses as one that only
    // excludes, and answered every page of the site, unmarked.
    if (!words.some(function (w) { return w.presence !== P.PROHIBITED }))
      return []
    correct(index, words)
    chooseForms(index, words)
    var results = index.query(function (query) {
      rawClauses = true
      try {
        words.forEach(function (w) { clausesOf(w).forEach(function (spec) { query.clause(spec) }) })
      } finally {
        rawClauses = false
      }
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

  lunr.TokenSet.prototype.toString = function () {
    if (this._str)
      return this._str
    var str = this.final ? "1" : "0"
    var labels = Object.keys(this.edges).sort()
    for (var i = 0; i < labels.length; i++)
      str += JSON.stringify(labels[i]) + this.edges[labels[i]].id
    return str
  }
})(self)
