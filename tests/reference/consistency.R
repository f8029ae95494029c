#!/usr/bin/env Rscript
# Reference values for SPEC section 9 (consistency across the values of a dimension), computed
# with R's `survey` package.
#
#   Rscript tests/reference/consistency.R [ROOT]
#
# ROOT (default: this script's folder) holds consistency.json and fixtures/<fixture>/*.csv,
# written by make_fixtures.py. For every case it writes ROOT/expected/<case>.json. As
# reference.R, it re-implements nothing from cxgap: it reads the CSV text and lets `survey`
# estimate, group by group of every level (item, touchpoint, category, touchpoint+category):
#
#   per value k   the group's valid answers with DIM = k alone, in long form:
#                 svymean(~y, svydesign(ids = ~respondent_id, weights = ~weight, data)),
#                 interval svyciprop(method = "logit") run to convergence (top box; see
#                 logit_ci) or confint(df = degf) (mean);
#                 Wilson on Kish's n where p is 0 or 1 (SPEC 2);
#                 the company's the same way on its answers (DIM a column the staff lack: the
#                 company's whole group)
#   kept          values with at least min_base customers in the group
#   test          on the answers of the values kept, design as above:
#                 regTermTest(svyglm(y ~ factor(v), design), ~factor(v), method = "Wald");
#                 chi2 = Ftest * df; shares checked against svyby(~y, ~v, design, svymean)
#   q-values      p.adjust(p, "BH") per level; inconsistent = q < alpha
#   rank          per level: the inconsistent first, by range (largest first), then the group

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

read_codebook <- function(folder, top) {
  items <- read_text_csv(file.path(folder, "items.csv"))
  num <- function(x, default) ifelse(x == "", default, suppressWarnings(as.numeric(x)))
  items$scale_min <- num(items$scale_min, 1)
  items$scale_max <- num(items$scale_max, 5)
  items$threshold <- num(items$top_box_min, items$scale_max - top + 1)
  items
}

# One sample in long form: a row per respondent x valid answer, with the item's groupings and
# the respondent's attributes; y = top box (0/1) or the answer rescaled to 0-100 (mean).
long_form <- function(sheet, items, weighted, metric) {
  w <- if (weighted && "weight" %in% names(sheet)) as.numeric(sheet$weight) else rep(1, nrow(sheet))
  parts <- lapply(seq_len(nrow(items)), function(j) {
    it <- items[j, ]
    x <- sheet[[it$item]]
    x <- ifelse(x == "", NA_real_, as.numeric(x))
    ok <- !is.na(x)
    y <- if (metric == "mean") 100 * (x - it$scale_min) / (it$scale_max - it$scale_min)
         else as.numeric(x >= it$threshold)
    d <- data.frame(respondent_id = sheet$respondent_id[ok], weight = w[ok], item = it$item,
                    touchpoint = it$touchpoint, category = it$category, channel = it$channel,
                    y = y[ok], stringsAsFactors = FALSE)
    d$region <- if ("region" %in% names(sheet)) sheet$region[ok] else rep(NA_character_, sum(ok))
    d
  })
  do.call(rbind, parts)
}

# svyciprop(method = "logit")'s computation run to convergence (as reference.R's logit_ci, which
# says why): a quasibinomial svyglm of y ~ 1, its Wald interval on degf(design) df, expit; checked
# against svyciprop as is to 1e-6.
logit_ci <- function(design, level) {
  fit <- svyglm(y ~ 1, design, family = quasibinomial,
                control = glm.control(epsilon = 1e-13, maxit = 100))
  stopifnot(fit$converged)
  half <- qt(1 - (1 - level) / 2, degf(design)) * unname(SE(fit)[1])
  ci <- plogis(unname(coef(fit)[1]) + c(-half, half))
  as_is <- as.vector(attr(svyciprop(~y, design, method = "logit", level = level), "ci"))
  stopifnot(isTRUE(all.equal(ci, as_is, tolerance = 1e-6)))
  ci
}

# Wilson score interval, as reference.R's (checked there against prop.test(correct = FALSE)).
wilson <- function(p, n, level) {
  z <- qnorm(1 - (1 - level) / 2)
  denom <- 1 + z^2 / n
  centre <- (p + z^2 / (2 * n)) / denom
  half <- z * sqrt(p * (1 - p) / n + z^2 / (4 * n^2)) / denom
  c(max(centre - half, 0), min(centre + half, 1))
}

num <- function(x) if (is.null(x) || length(x) == 0 || is.na(x)) NULL else unname(x)

# One value's share: svymean on that value's answers alone (NULL fields where there are none).
value_share <- function(d, metric, confidence) {
  n <- length(unique(d$respondent_id))
  if (n == 0) return(list(pct = NULL, se = NULL, ci = NULL, n = 0L))
  des <- svydesign(ids = ~respondent_id, weights = ~weight, data = d)
  m <- svymean(~y, des)
  p <- unname(coef(m)[1])
  se <- if (n > 1) unname(SE(m)[1]) else NULL
  ci <- NULL
  if (n > 1 && metric == "mean") {
    ci <- unname(confint(m, level = confidence, df = degf(des))[1, ])
  } else if (metric != "mean" && n > 1 && p > 0 && p < 1 && se > 0) {
    ci <- 100 * logit_ci(des, confidence)
  } else if (metric != "mean") { # p = 0 or 1, or one respondent: Wilson on Kish's n (SPEC 2)
    w <- tapply(d$weight, d$respondent_id, function(x) x[1])
    ci <- 100 * wilson(p, sum(w)^2 / sum(w^2), confidence)
  }
  scale <- if (metric == "mean") 1 else 100
  list(pct = scale * p, se = if (is.null(se)) NULL else scale * se, ci = ci, n = as.integer(n))
}

group_rows <- function(u, c, items, level, dim, settings, values_of) {
  keys <- unique(items[, level, drop = FALSE])
  keys <- keys[do.call(order, c(unname(as.list(keys)), method = "radix")), , drop = FALSE]
  lapply(seq_len(nrow(keys)), function(g) {
    key <- keys[g, , drop = FALSE]
    in_group <- function(d) Reduce(`&`, lapply(level, function(col) d[[col]] == key[[col]]))
    ug <- u[in_group(u), ]
    cg <- c[in_group(c), ]
    group_items <- items[in_group(items), ]
    values <- values_of(group_items)
    shares <- lapply(values, function(v) {
      cust <- value_share(ug[ug[[dim]] == v, ], settings$metric, settings$confidence)
      comp_rows <- if (all(is.na(cg[[dim]]))) cg else cg[!is.na(cg[[dim]]) & cg[[dim]] == v, ]
      comp <- value_share(comp_rows, settings$metric, settings$confidence)
      list(value = v, customer_pct = cust$pct, customer_se_pp = cust$se,
           customer_ci_pp = cust$ci, n_customers = cust$n,
           company_pct = comp$pct, n_company = comp$n)
    })
    n_k <- vapply(shares, function(s) s$n_customers, integer(1))
    kept <- values[n_k >= settings$min_base]
    row <- list(group_by = I(level), group = as.list(key), values = shares,
                excluded_values = I(values[n_k < settings$min_base]), range_pp = NULL,
                lowest = NULL, highest = NULL, chi2 = NULL, df_num = NULL, df_den = NULL,
                f = NULL, p_value = NULL, q_value = NULL, inconsistent = FALSE, rank = NULL)
    if (length(kept) >= 2) {
      p <- vapply(shares[n_k >= settings$min_base], function(s) s$customer_pct, numeric(1))
      row$range_pp <- max(p) - min(p)
      row$lowest <- kept[which.min(p)]
      row$highest <- kept[which.max(p)]
      d <- ug[ug[[dim]] %in% kept, ]
      d$v <- factor(d[[dim]], levels = kept)
      des <- svydesign(ids = ~respondent_id, weights = ~weight, data = d)
      by <- svyby(~y, ~v, des, svymean)
      stopifnot(isTRUE(all.equal(unname(coef(by)), p / (if (settings$metric == "mean") 1 else 100),
                                 tolerance = 1e-12)))
      fit <- svyglm(y ~ v, design = des)
      test <- regTermTest(fit, ~v, method = "Wald")
      row$f <- as.numeric(test$Ftest)
      row$df_num <- as.integer(test$df)
      row$df_den <- as.integer(test$ddf)
      row$chi2 <- row$f * row$df_num
      row$p_value <- as.numeric(test$p)
    }
    row
  })
}

finish_level <- function(rows, alpha) {
  p <- vapply(rows, function(r) if (is.null(r$p_value)) NA_real_ else r$p_value, numeric(1))
  q <- p.adjust(p, "BH")
  for (g in seq_along(rows)) {
    rows[[g]]["q_value"] <- list(num(q[g]))
    rows[[g]]$inconsistent <- !is.na(q[g]) && q[g] < alpha
  }
  ranged <- which(!vapply(rows, function(r) is.null(r$range_pp), logical(1)))
  if (length(ranged)) {
    inc <- vapply(rows[ranged], function(r) r$inconsistent, logical(1))
    rng <- vapply(rows[ranged], function(r) r$range_pp, numeric(1))
    keys <- vapply(rows[ranged], function(r) paste(unlist(r$group), collapse = "\x1f"),
                   character(1))
    ord <- ranged[order(!inc, -rng, keys, method = "radix")]
    for (k in seq_along(ord)) rows[[ord[k]]]$rank <- k
  }
  rows
}

run_case <- function(name, case) {
  settings <- case$settings
  folder <- file.path(root, "fixtures", case$fixture)
  items <- read_codebook(folder, settings$top)
  u <- long_form(read_text_csv(file.path(folder, "customers.csv")), items, settings$weighted,
                 settings$metric)
  c <- long_form(read_text_csv(file.path(folder, "company.csv")), items, FALSE, settings$metric)
  dim <- settings$consistency
  values_of <- if (dim %in% names(items)) {
    function(group_items) sort(unique(group_items[[dim]]), method = "radix")
  } else {
    all <- sort(unique(u[[dim]]), method = "radix")
    function(group_items) all
  }
  levels <- list("item", "touchpoint", "category", c("touchpoint", "category"))
  rows <- unlist(lapply(levels, function(level) {
    finish_level(group_rows(u, c, items, level, dim, settings, values_of), settings$alpha)
  }), recursive = FALSE)
  out <- list(
    generated_by = list(R = R.version.string,
                        survey = as.character(packageVersion("survey"))),
    settings = settings, dimension = dim, rows = rows
  )
  dir.create(file.path(root, "expected"), showWarnings = FALSE)
  writeLines(toJSON(out, auto_unbox = TRUE, null = "null", digits = I(17), pretty = TRUE,
                    always_decimal = TRUE),
             file.path(root, "expected", paste0(name, ".json")))
}

cases <- fromJSON(file.path(root, "consistency.json"), simplifyVector = FALSE)
for (name in names(cases)) run_case(name, cases[[name]])
