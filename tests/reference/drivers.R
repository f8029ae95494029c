#!/usr/bin/env Rscript
# Reference values for SPEC section 6 (the mean metric, importance, priority, NPS), computed with
# R's `survey` package.
#
#   Rscript tests/reference/drivers.R [ROOT]
#
# ROOT (default: this script's folder) holds drivers.json and fixtures/<fixture>/*.csv, written
# by make_fixtures.py. For every case it writes ROOT/expected/<case>.json. As reference.R, it
# re-implements nothing from cxgap: it reads the CSV text and lets `survey` estimate.
#
#   mean metric  each answer rescaled to 0-100, 100 (x - scale_min) / (scale_max - scale_min)
#                (reverse items flipped first); svymean(~y, svydesign(ids = ~respondent_id,
#                weights = ~weight, data = long)) on the group's answers in long form; interval
#                confint(., df = degf(design)), i.e. p -+ qt(., n - 1) SE; gap: Welch as
#                reference.R (both SEs zero: the gap with SE 0 and no interval or test)
#   importance   per customer, x = mean of their rescaled answers in the group, o = their
#                rescaled outcome; cov2cor(svyvar(~x + o, design, na.rm = TRUE)) on one row per
#                respondent; Fisher z on Kish's n of the respondents with both,
#                tanh(atanh(r) -+ qnorm(.) / sqrt(n_kish - 3)). Null where nobody answered both
#                or x or o takes one value only (cov2cor: NaN); the interval null where
#                n_kish <= 3
#   priority     gap_pp * max(r, 0); quadrant fix_first / monitor / strength / aligned with the
#                family's median importance (SPEC 6), for the mean cases
#   NPS          d = 100 (9-10), 0 (7-8), -100 (0-6) per respondent; svymean(~d) on one row per
#                respondent, t interval on n - 1 df, Welch gap, promoters and detractors as
#                svymean of the indicators among customers; q-values p.adjust(., "BH")

suppressPackageStartupMessages({
  library(survey)
  library(jsonlite)
})
options(warn = 2)

script_dir <- function() {
  file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  if (length(file) == 1) dirname(normalizePath(file)) else getwd()
}
args <- commandArgs(trailingOnly = TRUE)
root <- if (length(args) >= 1) args[[1]] else script_dir()

read_text_csv <- function(path) {
  read.csv(path, colClasses = "character", na.strings = character(0), check.names = FALSE,
           strip.white = TRUE, encoding = "UTF-8")
}

read_codebook <- function(folder) {
  items <- read_text_csv(file.path(folder, "items.csv"))
  num <- function(x, default) ifelse(x == "", default, suppressWarnings(as.numeric(x)))
  if (!"kind" %in% names(items)) items$kind <- ""
  items$kind[items$kind == ""] <- "score"
  items$scale_min <- num(items$scale_min, ifelse(items$kind == "nps", 0, 1))
  items$scale_max <- num(items$scale_max, ifelse(items$kind == "nps", 10, 5))
  items$reverse <- tolower(items$reverse) %in% c("yes", "y", "true", "1")
  items
}

weights_of <- function(sheet, weighted) {
  if (weighted && "weight" %in% names(sheet)) as.numeric(sheet$weight) else rep(1, nrow(sheet))
}

# An item's answers on the analysis scale (reverse flipped), rescaled to 0-100; NA = none.
rescaled <- function(sheet, it) {
  x <- sheet[[it$item]]
  x <- ifelse(x == "", NA_real_, as.numeric(x))
  if (it$reverse) x <- it$scale_min + it$scale_max - x
  100 * (x - it$scale_min) / (it$scale_max - it$scale_min)
}

long_form <- function(sheet, items, weighted, splits) {
  w <- weights_of(sheet, weighted)
  present <- items$item[items$item %in% names(sheet)]
  parts <- lapply(present, function(id) {
    it <- items[items$item == id, ]
    y <- rescaled(sheet, it)
    ok <- !is.na(y)
    d <- data.frame(respondent_id = sheet$respondent_id[ok], weight = w[ok], item = id,
                    touchpoint = it$touchpoint, category = it$category, y = y[ok],
                    stringsAsFactors = FALSE)
    for (attr in intersect(splits, names(sheet))) {
      value <- sheet[[attr]][ok]
      d[[attr]] <- ifelse(value == "", "(blank)", value)
    }
    d
  })
  list(data = do.call(rbind, parts), present = present)
}

# ---------------------------------------------------------------------------------------------

EMPTY <- list(p = NA_real_, se = NA_real_, ci = NULL, method = NA_character_, n = 0L)

mean_of <- function(d, level) {
  if (is.null(d) || nrow(d) == 0) return(EMPTY)
  n <- length(unique(d$respondent_id))
  if (n < 2) return(list(p = weighted.mean(d$y, d$weight), se = NA_real_, ci = NULL,
                         method = NA_character_, n = n))
  design <- svydesign(ids = ~respondent_id, weights = ~weight, data = d)
  stopifnot(degf(design) == n - 1)
  m <- svymean(~y, design)
  p <- unname(coef(m)[1])
  se <- unname(SE(m)[1])
  ci <- if (se > 0) as.vector(confint(m, df = degf(design), level = level)) else c(p, p)
  list(p = p, se = se, ci = ci, method = "t", n = n)
}

gap_of <- function(co, cu, level) {
  if (is.na(co$p) || is.na(cu$p)) {
    return(list(gap = NA_real_, se = NA_real_, df = NA_real_, ci = NULL, method = NA_character_,
                p_value = NA_real_))
  }
  diff <- co$p - cu$p
  if (is.na(co$se) || is.na(cu$se) || co$se^2 + cu$se^2 == 0) {
    se <- if (is.na(co$se) || is.na(cu$se)) NA_real_ else 0
    return(list(gap = diff, se = se, df = NA_real_, ci = NULL, method = NA_character_,
                p_value = NA_real_))
  }
  vc <- co$se^2
  vu <- cu$se^2
  se <- sqrt(vc + vu)
  df <- (vc + vu)^2 / (vc^2 / (co$n - 1) + vu^2 / (cu$n - 1))
  half <- qt(1 - (1 - level) / 2, df) * se
  list(gap = diff, se = se, df = df, ci = diff + c(-half, half), method = "welch",
       p_value = 2 * pt(-abs(diff) / se, df))
}

# The importance of a group: `d` its customers' long-form answers, `outcome` a data frame of
# respondent_id, o, weight (every customer, o NA where not answered).
importance_of <- function(d, outcome, level) {
  none <- list(r = NA_real_, ci = NULL, n = 0L)
  if (is.null(d) || nrow(d) == 0) return(none)
  x <- aggregate(y ~ respondent_id, data = d, FUN = mean)
  names(x)[2] <- "x"
  wide <- merge(x, outcome, by = "respondent_id")
  wide <- wide[!is.na(wide$o), ]
  n <- nrow(wide)
  if (n == 0) return(none)
  if (length(unique(wide$x)) == 1 || length(unique(wide$o)) == 1) {
    return(list(r = NA_real_, ci = NULL, n = n))
  }
  design <- svydesign(ids = ~respondent_id, weights = ~weight, data = wide)
  v <- svyvar(~x + o, design, na.rm = TRUE)
  r <- cov2cor(as.matrix(v))[1, 2]
  kish <- sum(wide$weight)^2 / sum(wide$weight^2)
  ci <- if (kish > 3) tanh(atanh(r) + c(-1, 1) * qnorm(1 - (1 - level) / 2) / sqrt(kish - 3))
  list(r = r, ci = ci, n = n)
}

quadrants <- function(rows) {
  imp <- sapply(rows, function(r) r$imp$r)
  med <- if (all(is.na(imp))) NA_real_ else median(imp, na.rm = TRUE)
  lapply(rows, function(r) {
    g <- r$g$gap
    important <- !is.na(r$imp$r) && !is.na(med) && r$imp$r >= med
    r$priority <- if (is.na(g) || is.na(r$imp$r)) NA_real_ else g * max(r$imp$r, 0)
    r$quadrant <- if (!is.na(g) && g > 0) {
      if (r$significant && important) "fix_first" else "monitor"
    } else if (!is.na(g) && g < 0 && r$significant) "strength" else "aligned"
    r
  })
}

# ---------------------------------------------------------------------------------------------

verbatim <- function(text) structure(text, class = "json")
num <- function(x) verbatim(if (length(x) == 0 || is.na(x)) "null" else sprintf("%.17g", x))
pair <- function(x, scale = 1) {
  if (is.null(x)) return(verbatim("null"))
  verbatim(sprintf("[%s, %s]", sprintf("%.17g", scale * x[1]), sprintf("%.17g", scale * x[2])))
}
str_or_null <- function(x) if (is.na(x)) verbatim("null") else x
named <- function(values, keys) {
  if (length(keys) == 0) return(structure(list(), names = character(0)))
  as.list(setNames(values, keys))
}

LEVELS <- list(c(), "item", "touchpoint", "category", c("touchpoint", "category"))

level_rows <- function(level, cd, ud, outcome, items, both, either, split, s) {
  scope <- items[items$item %in% (if (identical(level, "item")) either else both), ]
  keys <- if (length(level) == 0) list(character(0)) else
    unique(lapply(seq_len(nrow(scope)), function(i) unlist(scope[i, level])))
  rows <- lapply(keys, function(key) {
    members <- scope$item
    for (k in seq_along(level)) members <- intersect(members, scope$item[scope[[level[k]]] == key[k]])
    cg <- if (is.null(cd)) NULL else cd[cd$item %in% members, ]
    ug <- if (is.null(ud)) NULL else ud[ud$item %in% members, ]
    row <- list(key = key, imp = importance_of(ug, outcome, s$confidence))
    if (s$metric == "mean") {
      row$co <- mean_of(cg, s$confidence)
      row$cu <- mean_of(ug, s$confidence)
      row$g <- gap_of(row$co, row$cu, s$confidence)
    }
    row
  })
  if (s$metric == "mean") {
    q <- p.adjust(sapply(rows, function(r) r$g$p_value), "BH")
    for (i in seq_along(rows)) {
      rows[[i]]$q <- q[i]
      rows[[i]]$significant <- !is.na(q[i]) && q[i] < s$alpha
    }
    rows <- quadrants(rows)
  }
  lapply(rows, function(r) {
    out <- list(group_by = I(as.character(level)), group = named(r$key, level), split = split,
                importance = num(r$imp$r), importance_ci = pair(r$imp$ci), n_importance = r$imp$n)
    if (s$metric == "mean") {
      out <- c(out, list(
        company_pct = num(r$co$p), company_se_pp = num(r$co$se), company_ci_pp = pair(r$co$ci),
        company_ci_method = str_or_null(r$co$method), n_company = r$co$n,
        customer_pct = num(r$cu$p), customer_se_pp = num(r$cu$se),
        customer_ci_pp = pair(r$cu$ci), customer_ci_method = str_or_null(r$cu$method),
        n_customers = r$cu$n, gap_pp = num(r$g$gap), gap_se_pp = num(r$g$se),
        gap_ci_pp = pair(r$g$ci), gap_ci_method = str_or_null(r$g$method), df = num(r$g$df),
        p_value = num(r$g$p_value), q_value = num(r$q), significant = r$significant,
        priority = num(r$priority), quadrant = r$quadrant))
    }
    out
  })
}

nps_side <- function(sheet, it, weighted, level) {
  x <- sheet[[it$item]]
  ok <- x != ""
  x <- as.numeric(x[ok])
  d <- data.frame(respondent_id = sheet$respondent_id[ok], weight = weights_of(sheet, weighted)[ok],
                  d = ifelse(x >= 9, 100, ifelse(x >= 7, 0, -100)))
  d$promoter <- as.numeric(d$d == 100)
  d$detractor <- as.numeric(d$d == -100)
  design <- svydesign(ids = ~respondent_id, weights = ~weight, data = d)
  m <- svymean(~d, design)
  shares <- svymean(~promoter + detractor, design)
  list(p = unname(coef(m)[1]), se = unname(SE(m)[1]), n = nrow(d),
       ci = as.vector(confint(m, df = degf(design), level = level)),
       promoters = 100 * unname(coef(shares)[1]), detractors = 100 * unname(coef(shares)[2]))
}

nps_rows <- function(sheets, items, s) {
  ids <- items$item[items$kind == "nps" & items$item %in% names(sheets$company) &
                    items$item %in% names(sheets$customers)]
  rows <- lapply(ids, function(id) {
    it <- items[items$item == id, ]
    co <- nps_side(sheets$company, it, s$weighted, s$confidence)
    cu <- nps_side(sheets$customers, it, s$weighted, s$confidence)
    list(id = id, co = co, cu = cu, g = gap_of(co, cu, s$confidence))
  })
  q <- p.adjust(sapply(rows, function(r) r$g$p_value), "BH")
  lapply(seq_along(rows), function(i) {
    r <- rows[[i]]
    list(item = r$id, company_nps = num(r$co$p), company_se = num(r$co$se),
         company_ci = pair(r$co$ci), n_company = r$co$n, customer_nps = num(r$cu$p),
         customer_se = num(r$cu$se), customer_ci = pair(r$cu$ci), n_customers = r$cu$n,
         gap = num(r$g$gap), gap_se = num(r$g$se), gap_ci = pair(r$g$ci), df = num(r$g$df),
         p_value = num(r$g$p_value), q_value = num(q[i]), promoters_pct = num(r$cu$promoters),
         detractors_pct = num(r$cu$detractors))
  })
}

part_of <- function(sample, attr, name) {
  if (!attr %in% names(sample$data)) return(sample$data)
  d <- sample$data[sample$data[[attr]] == name, ]
  if (nrow(d) == 0) NULL else d
}

run_case <- function(name, case) {
  s <- case$settings
  folder <- file.path(root, "fixtures", case$fixture)
  items <- read_codebook(folder)
  sheets <- list(company = read_text_csv(file.path(folder, "company.csv")),
                 customers = read_text_csv(file.path(folder, "customers.csv")))
  scored <- items[items$kind == "score", ]
  long <- lapply(sheets, long_form, items = scored, weighted = s$weighted, splits = s$splits)
  both <- intersect(long$company$present, long$customers$present)
  either <- union(long$company$present, long$customers$present)
  oi <- items[items$kind == "outcome", ]
  stopifnot(nrow(oi) == 1)
  cust <- sheets$customers
  outcome <- data.frame(respondent_id = cust$respondent_id, o = rescaled(cust, oi),
                        weight = weights_of(cust, s$weighted), stringsAsFactors = FALSE)
  if (length(s$splits)) for (attr in s$splits) outcome[[attr]] <- cust[[attr]]
  empty <- structure(list(), names = character(0))
  rows <- list()
  for (level in LEVELS) {
    rows <- c(rows, level_rows(level, long$company$data, long$customers$data, outcome, items = scored,
                               both = both, either = either, split = empty, s = s))
  }
  for (attr in s$splits) {
    stopifnot(!attr %in% names(sheets$company)) # a customers-only split: all staff vs a part
    for (level in LEVELS) for (part in sort(unique(cust[[attr]]))) {
      rows <- c(rows, level_rows(level, long$company$data, part_of(long$customers, attr, part),
                                 outcome[outcome[[attr]] == part, ], scored, both, either,
                                 named(part, attr), s))
    }
  }
  out <- list(
    case = name,
    fixture = case$fixture,
    settings = c(s[setdiff(names(s), "splits")], list(splits = I(s$splits))),
    generated_by = list(
      script = "tests/reference/drivers.R",
      r_version = R.version.string,
      survey_version = as.character(packageVersion("survey")),
      jsonlite_version = as.character(packageVersion("jsonlite")),
      platform = sessionInfo()$platform
    ),
    outcome = oi$item,
    rows = rows,
    nps = nps_rows(sheets, items, s)
  )
  text <- toJSON(out, auto_unbox = TRUE, json_verbatim = TRUE, pretty = TRUE, digits = NA)
  dir.create(file.path(root, "expected"), showWarnings = FALSE)
  writeLines(text, file.path(root, "expected", paste0(name, ".json")), useBytes = TRUE)
  cat(sprintf("%-24s %3d rows, %d nps\n", name, length(rows), length(out$nps)))
}

cases <- fromJSON(file.path(root, "drivers.json"), simplifyVector = FALSE)
for (name in names(cases)) {
  case <- cases[[name]]
  case$settings$splits <- as.character(unlist(case$settings$splits))
  run_case(name, case)
}
