#!/usr/bin/env Rscript
# Reference values for SPEC section 10 (the SERVQUAL gaps), computed with R's `survey` package.
#
#   Rscript tests/reference/servqual.R [ROOT]
#
# ROOT (default: this script's folder) holds fixtures/servqual/*.csv (make_servqual.py). Writes
# ROOT/expected/servqual_weighted.json and servqual_unweighted.json. Re-implements nothing from
# cxgap: it reads the CSV text and lets `survey` estimate.
#
#   service gap    per customer and answered pair, d = 100 (P - lo_P) / span_P -
#                  100 (E - lo_E) / span_E (both rescaled to 0-100 on their own scales);
#                  svymean(~d, svydesign(ids = ~respondent_id, weights = ~weight, data = pairs))
#                  on one row per answered pair of the group; interval confint(., df =
#                  degf(design)); p-value 2 pt(-|d| / SE, degf(design)); n_paired = the
#                  customers with a row; q-values p.adjust(., "BH") per level
#   knowledge gap  the expectation items' rescaled answers in long form per sample, each in its
#                  perception's groups; svymean(~y, svydesign(ids = ~respondent_id, weights =
#                  ~weight)) per sample; gap = company - customers, SE = sqrt(SE_c^2 + SE_u^2),
#                  Welch-Satterthwaite df, t interval and p-value; BH per level
#                  (customer_expectation and company_expectation: the two means, which the
#                  reports show beside the gaps)
#   unpaired       per pair, the customers who answered exactly one side

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
folder <- file.path(root, "fixtures", "servqual")

read_text_csv <- function(path) {
  read.csv(path, colClasses = "character", na.strings = character(0), check.names = FALSE,
           encoding = "UTF-8")
}
items <- read_text_csv(file.path(folder, "items.csv"))
company <- read_text_csv(file.path(folder, "company.csv"))
customers <- read_text_csv(file.path(folder, "customers.csv"))

# The pairs: a pair written on either row (or both), perception first.
pairs <- list()
for (k in seq_len(nrow(items))) {
  if (items$pair[k] == "") next
  a <- items[k, ]
  b <- items[items$item == a$pair, ]
  perc <- if (a$kind == "expectation") b else a
  expe <- if (a$kind == "expectation") a else b
  pairs[[perc$item]] <- list(p = perc, e = expe)
}
pairs <- pairs[items$item[items$item %in% names(pairs)]]

rescaled <- function(sheet, it) {
  x <- sheet[[it$item]]
  x <- ifelse(x == "", NA_real_, as.numeric(x))
  lo <- as.numeric(it$scale_min); hi <- as.numeric(it$scale_max)
  100 * (x - lo) / (hi - lo)
}
weights_of <- function(sheet, weighted) {
  if (weighted && "weight" %in% names(sheet)) as.numeric(sheet$weight) else rep(1, nrow(sheet))
}
labels_of <- function(perc) {
  list(item = perc$item, touchpoint = perc$touchpoint, category = perc$category)
}

# One row per answered pair (service) or per answered expectation (knowledge), with the
# perception's labels to group by.
long_pairs <- function(sheet, weighted) {
  w <- weights_of(sheet, weighted)
  do.call(rbind, lapply(pairs, function(pr) {
    d <- rescaled(sheet, pr$p) - rescaled(sheet, pr$e)
    ok <- !is.na(d)
    data.frame(respondent_id = sheet$respondent_id[ok], weight = w[ok], y = d[ok],
               labels_of(pr$p), stringsAsFactors = FALSE)
  }))
}
long_expectations <- function(sheet, weighted) {
  w <- weights_of(sheet, weighted)
  do.call(rbind, lapply(pairs, function(pr) {
    y <- rescaled(sheet, pr$e)
    ok <- !is.na(y)
    data.frame(respondent_id = sheet$respondent_id[ok], weight = w[ok], y = y[ok],
               labels_of(pr$p), stringsAsFactors = FALSE)
  }))
}

mean_of <- function(rows) {
  design <- svydesign(ids = ~respondent_id, weights = ~weight, data = rows)
  m <- svymean(~y, design)
  list(mean = unname(coef(m)[1]), se = unname(SE(m)[1]), df = degf(design),
       ci = unname(confint(m, df = degf(design))[1, ]),
       n = length(unique(rows$respondent_id)))
}

levels <- list(character(0), "item", "touchpoint", "category", c("touchpoint", "category"))

run <- function(weighted) {
  service <- long_pairs(customers, weighted)
  know_c <- long_expectations(company, weighted)
  know_u <- long_expectations(customers, weighted)
  rows <- list()
  for (level in levels) {
    key <- function(d) if (length(level)) do.call(paste, c(d[level], sep = "\r")) else rep("", nrow(d))
    groups <- unique(key(service))
    found <- lapply(groups, function(g) {
      s <- mean_of(service[key(service) == g, ])
      c <- mean_of(know_c[key(know_c) == g, ])
      u <- mean_of(know_u[key(know_u) == g, ])
      kgap <- c$mean - u$mean
      kse <- sqrt(c$se^2 + u$se^2)
      kdf <- (c$se^2 + u$se^2)^2 / (c$se^4 / (c$n - 1) + u$se^4 / (u$n - 1))
      first <- service[key(service) == g, ][1, ]
      list(
        group_by = I(level),
        group = if (length(level)) as.list(first[level]) else setNames(list(), character(0)),
        service_gap = s$mean, service_gap_se = s$se, service_gap_ci = s$ci,
        service_gap_p = 2 * pt(-abs(s$mean) / s$se, s$df), n_paired = s$n,
        knowledge_gap_pp = kgap, knowledge_gap_se_pp = kse,
        knowledge_gap_ci_pp = kgap + c(-1, 1) * qt(0.975, kdf) * kse,
        knowledge_gap_p = 2 * pt(-abs(kgap) / kse, kdf),
        customer_expectation = u$mean, company_expectation = c$mean
      )
    })
    qs <- p.adjust(sapply(found, `[[`, "service_gap_p"), "BH")
    qk <- p.adjust(sapply(found, `[[`, "knowledge_gap_p"), "BH")
    for (i in seq_along(found)) {
      found[[i]]$service_gap_q <- qs[i]
      found[[i]]$knowledge_gap_q <- qk[i]
      rows[[length(rows) + 1]] <- found[[i]]
    }
  }
  unpaired <- lapply(pairs, function(pr) {
    a <- is.na(rescaled(customers, pr$p)); b <- is.na(rescaled(customers, pr$e))
    list(item = pr$p$item, count = sum(a != b))
  })
  case <- if (weighted) "servqual_weighted" else "servqual_unweighted"
  out <- list(
    case = case, fixture = "servqual",
    settings = list(weighted = weighted, confidence = 0.95),
    generated_by = list(
      script = "tests/reference/servqual.R",
      r_version = R.version.string,
      survey_version = as.character(packageVersion("survey")),
      jsonlite_version = as.character(packageVersion("jsonlite")),
      platform = R.version$platform
    ),
    rows = rows, unpaired = unname(unpaired)
  )
  dir.create(file.path(root, "expected"), showWarnings = FALSE)
  text <- toJSON(out, auto_unbox = TRUE, pretty = TRUE, digits = NA)
  writeLines(text, file.path(root, "expected", paste0(case, ".json")), useBytes = TRUE)
}

run(TRUE)
run(FALSE)
