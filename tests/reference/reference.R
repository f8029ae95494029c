#!/usr/bin/env Rscript
# Reference values for cxgap's statistics (SPEC section 2), computed with R's `survey` package.
#
#   Rscript tests/reference/reference.R [ROOT]
#
# ROOT (default: this script's folder) holds cases.json and fixtures/<fixture>/{items,company,
# customers}.csv, both written by make_fixtures.py. For every case this script writes
# ROOT/expected/<case>.json: every row cxgap must print (the headline, every group of every level,
# every split part), with the numbers as `%.17g` text so nothing is lost on the way.
#
# The script is the documentation of where the numbers come from. It re-implements nothing from
# cxgap: it reads the raw CSV text, reshapes each sample to long form (one row per respondent x
# valid answer) and lets `survey` do the estimation:
#
#   share, SE   svymean(~y, svydesign(ids = ~respondent_id, weights = ~weight, data = long))
#   interval    svyciprop(~y, design, method = "logit", level), on degf(design) = n - 1 df
#   n_eff       n p (1 - p) / ((n - 1) SE^2)
#   p = 0 or 1  Wilson score interval on Kish's n = (sum w)^2 / sum w^2 (respondent weights),
#               checked against prop.test(correct = FALSE) below
#   gap         p_c - p_u, SE = sqrt(SE_c^2 + SE_u^2), Welch-Satterthwaite df, qt / pt
#   both SE 0   Newcombe's hybrid score interval (1998, method 10), p-value NA
#   q-values    p.adjust(p, "BH") within one level of one split part (NAs left out)

suppressPackageStartupMessages({
  library(survey)
  library(jsonlite)
})
options(warn = 2) # any warning is a mistake in the fixtures or here: stop

script_dir <- function() {
  file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  if (length(file) == 1) dirname(normalizePath(file)) else getwd()
}
args <- commandArgs(trailingOnly = TRUE)
root <- if (length(args) >= 1) args[[1]] else script_dir()

# ---------------------------------------------------------------------------------------------
# Input: the codebook and the two respondent tables, read as text (blank = no answer)

read_text_csv <- function(path) {
  read.csv(path, colClasses = "character", na.strings = character(0), check.names = FALSE,
           strip.white = TRUE, encoding = "UTF-8")
}

read_codebook <- function(folder, top) {
  items <- read_text_csv(file.path(folder, "items.csv"))
  num <- function(x, default) ifelse(x == "", default, suppressWarnings(as.numeric(x)))
  items$scale_min <- num(items$scale_min, 1)
  items$scale_max <- num(items$scale_max, 5)
  # top box: the codebook's top_box_min, else the top K points of the scale (--top K)
  items$threshold <- num(items$top_box_min, items$scale_max - top + 1)
  items$reverse <- tolower(items$reverse) %in% c("yes", "y", "true", "1")
  # SPEC 6: outcome and NPS items are in no gap row (drivers.R pins them)
  if ("kind" %in% names(items)) items <- items[items$kind %in% c("", "score"), ]
  items
}

# One sample in long form: a row per respondent x item with a valid answer; y = top box.
# Reverse-coded items are flipped (scale_min + scale_max - x) before the threshold applies.
long_form <- function(sheet, items, weighted, splits) {
  weight <- if (weighted && "weight" %in% names(sheet)) as.numeric(sheet$weight) else
    rep(1, nrow(sheet))
  present <- items$item[items$item %in% names(sheet)]
  parts <- lapply(present, function(id) {
    it <- items[items$item == id, ]
    x <- sheet[[id]]
    x <- ifelse(x == "", NA_real_, as.numeric(x))
    if (it$reverse) x <- it$scale_min + it$scale_max - x
    ok <- !is.na(x)
    stopifnot(all(x[ok] >= it$scale_min & x[ok] <= it$scale_max))
    d <- data.frame(respondent_id = sheet$respondent_id[ok], weight = weight[ok], item = id,
                    touchpoint = it$touchpoint, category = it$category,
                    y = as.numeric(x[ok] >= it$threshold), stringsAsFactors = FALSE)
    # split attributes of this sample; a blank value is a part of its own, "(blank)"
    for (attr in intersect(splits, names(sheet))) {
      value <- sheet[[attr]][ok]
      d[[attr]] <- ifelse(value == "", "(blank)", value)
    }
    d
  })
  list(data = do.call(rbind, parts), present = present)
}

# ---------------------------------------------------------------------------------------------
# One sample's share in one group: `d` is the group's long-form data

wilson <- function(p, n, level) {
  # Wilson score interval: (p + z^2/2n +- z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)
  z <- qnorm(1 - (1 - level) / 2)
  centre <- (p + z^2 / (2 * n)) / (1 + z^2 / n)
  half <- z * sqrt(p * (1 - p) / n + z^2 / (4 * n^2)) / (1 + z^2 / n)
  c(max(centre - half, 0), min(centre + half, 1)) # the clamp only removes rounding noise
}
# it is prop.test's interval (without continuity correction) where n is a count
prop_test_ci <- function(x, n, level) {
  suppressWarnings(as.vector(prop.test(x, n, conf.level = level, correct = FALSE)$conf.int))
}
stopifnot(isTRUE(all.equal(wilson(0, 20, 0.95), prop_test_ci(0, 20, 0.95), tolerance = 1e-12)),
          isTRUE(all.equal(wilson(1, 7, 0.9), prop_test_ci(7, 7, 0.9), tolerance = 1e-12)),
          isTRUE(all.equal(wilson(0.3, 50, 0.95), prop_test_ci(15, 50, 0.95), tolerance = 1e-12)))

# svyciprop(~y, design, method = "logit", level)'s own computation: a quasibinomial svyglm of
# y ~ 1 and its Wald interval on degf(design) = n - 1 df, back-transformed with expit. Two
# numerical shortcuts of survey 4.1 are avoided, so that the reference is exact to ~1e-14:
#  - svyciprop leaves glm at its default epsilon = 1e-8 (relative change of the deviance), which
#    can stop the IRLS one iteration early with the intercept ~1e-8 off logit(p); here it runs
#    to convergence;
#  - confint.svyglm turns the t quantile into a normal level, 1 - 2 pnorm(qt(alpha/2, df)), which
#    rounds to 1 for tiny df (at df = 1, n = 2, svyciprop returns [0, NaN]); here the interval
#    is coef -+ qt(1 - alpha/2, df) SE(coef) directly, as confint.svyglm means it.
# Where df >= 3 we check that svyciprop as is agrees to 1e-6.
logit_ci <- function(design, level) {
  fit <- svyglm(y ~ 1, design, family = quasibinomial,
                control = glm.control(epsilon = 1e-13, maxit = 100))
  stopifnot(fit$converged)
  half <- qt(1 - (1 - level) / 2, degf(design)) * unname(SE(fit)[1])
  ci <- plogis(unname(coef(fit)[1]) + c(-half, half))
  if (degf(design) >= 3) {
    as_is <- as.vector(attr(svyciprop(~y, design, method = "logit", level = level), "ci"))
    stopifnot(isTRUE(all.equal(ci, as_is, tolerance = 1e-6)))
  }
  ci
}

EMPTY <- list(p = NA_real_, se = NA_real_, ci = NULL, ci_method = NA_character_, n = 0L,
              n_eff = NA_real_, responses = 0L, wilson = NULL)

share <- function(d, level) {
  if (is.null(d) || nrow(d) == 0) return(EMPTY)
  n <- length(unique(d$respondent_id))
  stopifnot(n >= 2) # n = 1 has no variance estimate; the fixtures avoid it
  design <- svydesign(ids = ~respondent_id, weights = ~weight, data = d)
  stopifnot(degf(design) == n - 1)
  m <- svymean(~y, design)
  p <- unname(coef(m)[1])
  se <- unname(SE(m)[1])
  first <- !duplicated(d$respondent_id) # respondent-level weights for Kish's n
  kish <- sum(d$weight[first])^2 / sum(d$weight[first]^2)
  wil <- wilson(p, kish, level)
  if (p > 0 && p < 1) {
    # SE = 0 with 0 < p < 1 (every respondent with the same share of a pooled group) makes the
    # logit interval degenerate and svyciprop's NaN; SPEC section 2 does not cover it, the
    # fixtures avoid it
    stopifnot(se > 0)
    ci <- logit_ci(design, level)
    # which is expit(logit p -+ qt(., n - 1) SE / (p (1 - p))), the delta method on svymean's SE
    t <- qt(1 - (1 - level) / 2, n - 1)
    closed <- plogis(qlogis(p) + c(-1, 1) * t * se / (p * (1 - p)))
    stopifnot(isTRUE(all.equal(ci, closed, tolerance = 1e-11)))
    list(p = p, se = se, ci = ci, ci_method = "logit", n = n,
         n_eff = n * p * (1 - p) / ((n - 1) * se^2), responses = nrow(d), wilson = wil)
  } else {
    stopifnot(se == 0)
    list(p = p, se = se, ci = wil, ci_method = "wilson", n = n, n_eff = NA_real_,
         responses = nrow(d), wilson = wil)
  }
}

# ---------------------------------------------------------------------------------------------
# The gap of two independent samples

NO_GAP <- list(gap = NA_real_, se = NA_real_, df = NA_real_, ci = NULL, ci_method = NA_character_,
               p_value = NA_real_)

gap <- function(co, cu, level) {
  if (is.na(co$p) || is.na(cu$p)) return(NO_GAP)
  diff <- co$p - cu$p
  vc <- co$se^2
  vu <- cu$se^2
  if (vc + vu > 0) {
    se <- sqrt(vc + vu)
    df <- (vc + vu)^2 / (vc^2 / (co$n - 1) + vu^2 / (cu$n - 1)) # Welch-Satterthwaite
    half <- qt(1 - (1 - level) / 2, df) * se
    list(gap = diff, se = se, df = df, ci = diff + c(-half, half), ci_method = "welch",
         p_value = 2 * pt(-abs(diff) / se, df))
  } else {
    # both shares are 0 or 1: Newcombe's hybrid score interval from the two Wilson intervals
    low <- diff - sqrt((co$p - co$wilson[1])^2 + (cu$wilson[2] - cu$p)^2)
    high <- diff + sqrt((co$wilson[2] - co$p)^2 + (cu$p - cu$wilson[1])^2)
    list(gap = diff, se = 0, df = NA_real_, ci = c(low, high), ci_method = "newcombe",
         p_value = NA_real_)
  }
}

# ---------------------------------------------------------------------------------------------
# JSON output: numbers as %.17g text (jsonlite keeps only 15 digits), NA as null

verbatim <- function(text) structure(text, class = "json")
num <- function(x) verbatim(if (length(x) == 0 || is.na(x)) "null" else sprintf("%.17g", x))
pct <- function(x) num(100 * x)
pair <- function(x) {
  if (is.null(x)) return(verbatim("null"))
  verbatim(sprintf("[%s, %s]", sprintf("%.17g", 100 * x[1]), sprintf("%.17g", 100 * x[2])))
}
str_or_null <- function(x) if (is.na(x)) verbatim("null") else x
named <- function(values, keys) {
  if (length(keys) == 0) return(structure(list(), names = character(0)))
  as.list(setNames(values, keys))
}

side <- function(s, prefix, plural) {
  out <- list(pct(s$p), pct(s$se), pair(s$ci), str_or_null(s$ci_method), s$n, num(s$n_eff),
              s$responses)
  names(out) <- c(paste0(prefix, c("_pct", "_se_pp", "_ci_pp", "_ci_method")),
                  paste0(c("n_", "n_eff_", "responses_"), plural))
  out
}

# ---------------------------------------------------------------------------------------------
# Levels, groups, splits

LEVELS <- list(c(), "item", "touchpoint", "category", c("touchpoint", "category"))

# The rows of one level in one split part: `cd`, `ud` = the part's long-form data per sample.
# The item level holds every item of either sample (one-sided items have an empty side); the
# headline and the rollups pool only the items present in both samples.
level_rows <- function(level, cd, ud, items, both, either, split, settings) {
  scope <- items[items$item %in% (if (identical(level, "item")) either else both), ]
  keys <- if (length(level) == 0) list(character(0)) else
    unique(lapply(seq_len(nrow(scope)), function(i) unlist(scope[i, level])))
  rows <- lapply(keys, function(key) {
    members <- scope$item
    for (k in seq_along(level)) members <- intersect(members, scope$item[scope[[level[k]]] == key[k]])
    cg <- if (is.null(cd)) NULL else cd[cd$item %in% members, ]
    ug <- if (is.null(ud)) NULL else ud[ud$item %in% members, ]
    co <- share(cg, settings$confidence)
    cu <- share(ug, settings$confidence)
    list(key = key, co = co, cu = cu, g = gap(co, cu, settings$confidence))
  })
  q <- p.adjust(sapply(rows, function(r) r$g$p_value), "BH") # NAs are left out of the count
  lapply(seq_along(rows), function(i) {
    r <- rows[[i]]
    c(list(group_by = I(as.character(level)), group = named(r$key, level), split = split),
      side(r$co, "company", "company"), side(r$cu, "customer", "customers"),
      list(gap_pp = pct(r$g$gap), gap_se_pp = pct(r$g$se), gap_ci_pp = pair(r$g$ci),
           gap_ci_method = str_or_null(r$g$ci_method), df = num(r$g$df),
           p_value = num(r$g$p_value), q_value = num(q[i]),
           significant = !is.na(q[i]) && q[i] < settings$alpha,
           low_base = min(r$co$n, r$cu$n) < settings$min_base))
  })
}

# A split part's data: the part of a sample that has the attribute, the whole of one that has not.
part_of <- function(sample, attr, name) {
  if (!attr %in% names(sample$data)) return(sample$data)
  d <- sample$data[sample$data[[attr]] == name, ]
  if (nrow(d) == 0) NULL else d
}
part_names <- function(sheet, attr) {
  if (!attr %in% names(sheet)) return(character(0))
  unique(ifelse(sheet[[attr]] == "", "(blank)", sheet[[attr]]))
}

run_case <- function(name, case) {
  s <- case$settings
  folder <- file.path(root, "fixtures", case$fixture)
  items <- read_codebook(folder, s$top)
  sheets <- list(company = read_text_csv(file.path(folder, "company.csv")),
                 customers = read_text_csv(file.path(folder, "customers.csv")))
  long <- lapply(sheets, long_form, items = items, weighted = s$weighted, splits = s$splits)
  both <- intersect(long$company$present, long$customers$present)
  either <- union(long$company$present, long$customers$present)
  empty_split <- structure(list(), names = character(0))

  rows <- list()
  for (level in LEVELS) {
    rows <- c(rows, level_rows(level, long$company$data, long$customers$data, items, both,
                               either, empty_split, s))
  }
  for (attr in s$splits) {
    names_ <- sort(union(part_names(sheets$company, attr), part_names(sheets$customers, attr)))
    for (level in LEVELS) for (part in names_) {
      rows <- c(rows, level_rows(level, part_of(long$company, attr, part),
                                 part_of(long$customers, attr, part), items, both, either,
                                 named(part, attr), s))
    }
  }
  out <- list(
    case = name,
    fixture = case$fixture,
    settings = c(s[setdiff(names(s), "splits")], list(splits = I(s$splits))),
    generated_by = list(
      script = "tests/reference/reference.R",
      r_version = R.version.string,
      survey_version = as.character(packageVersion("survey")),
      jsonlite_version = as.character(packageVersion("jsonlite")),
      platform = sessionInfo()$platform
    ),
    rows = rows
  )
  text <- toJSON(out, auto_unbox = TRUE, json_verbatim = TRUE, pretty = TRUE, digits = NA)
  dir.create(file.path(root, "expected"), showWarnings = FALSE)
  writeLines(text, file.path(root, "expected", paste0(name, ".json")), useBytes = TRUE)
  cat(sprintf("%-18s %3d rows\n", name, length(rows)))
}

cases <- fromJSON(file.path(root, "cases.json"), simplifyVector = FALSE)
for (name in names(cases)) {
  case <- cases[[name]]
  case$settings$splits <- as.character(unlist(case$settings$splits))
  run_case(name, case)
}
