# Reference values for `cxgap trend` (SPEC section 2.1) on the sample's two waves.
#
#   Rscript tests/reference/trend.R [ROOT]     (ROOT defaults to this script's folder)
#
# Reads ROOT/fixtures/sample_q2 (wave 2026Q2) and ROOT/fixtures/sample (2026Q3), written by
# make_fixtures.py, and writes ROOT/expected/trend_sample.json. Per wave and sample, each
# group's top-box share and SE come from svymean(~y, svydesign(ids = ~respondent_id,
# weights = ~weight, data = long)) on the long form (one row per valid answer), exactly as in
# reference.R. Then, per group:
#   gap        p_company - p_customers;  SE_gap = sqrt(SE_c^2 + SE_u^2)
#   change     gap(2026Q3) - gap(2026Q2);  SE_change = sqrt(SE_gap,Q3^2 + SE_gap,Q2^2)
#   df         (sum SE_k^2)^2 / sum(SE_k^4 / (n_k - 1)) over the four samples
#   interval   change -/+ qt(0.975, df) * SE_change;  p = 2 * pt(-|change| / SE_change, df)
#   q-values   p.adjust(p, "BH") within the touchpoint level and within the category level
suppressPackageStartupMessages({
  library(survey)
  library(jsonlite)
})
options(survey.lonely.psu = "fail")

args <- commandArgs(trailingOnly = TRUE)
script <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
root <- if (length(args) >= 1) args[1] else dirname(normalizePath(script))

read_text_csv <- function(path) {
  read.csv(path, colClasses = "character", na.strings = character(0), check.names = FALSE,
           strip.white = TRUE, encoding = "UTF-8")
}

# Long form of one sample: a row per respondent x item with a valid answer (1-5); y = top box.
long_form <- function(sheet, items) {
  weight <- if ("weight" %in% names(sheet)) as.numeric(sheet$weight) else rep(1, nrow(sheet))
  do.call(rbind, lapply(items$item, function(id) {
    x <- sheet[[id]]
    ok <- x != ""
    it <- items[items$item == id, ]
    data.frame(respondent_id = sheet$respondent_id[ok], weight = weight[ok],
               touchpoint = it$touchpoint, category = it$category,
               y = as.numeric(as.numeric(x[ok]) >= 5), stringsAsFactors = FALSE)
  }))
}

share <- function(d) {
  design <- svydesign(ids = ~respondent_id, weights = ~weight, data = d)
  m <- svymean(~y, design)
  list(p = unname(coef(m)), se = as.numeric(SE(m)), n = length(unique(d$respondent_id)))
}

wave <- function(folder) {
  items <- read_text_csv(file.path(root, "fixtures", folder, "items.csv"))
  if ("kind" %in% names(items)) items <- items[items$kind %in% c("", "score"), ] # SPEC 6
  lapply(c(company = "company", customers = "customers"), function(name) {
    long_form(read_text_csv(file.path(root, "fixtures", folder, paste0(name, ".csv"))), items)
  })
}
waves <- list("2026Q2" = wave("sample_q2"), "2026Q3" = wave("sample"))

# Numbers as %.17g text (jsonlite keeps only 15 significant digits), as in reference.R.
num <- function(x) structure(sprintf("%.17g", x), class = "json")

group_rows <- function(level) {
  values <- if (is.null(level)) list(NULL) else as.list(sort(unique(waves[[2]]$company[[level]])))
  rows <- lapply(values, function(value) {
    pick <- function(d) if (is.null(level)) d else d[d[[level]] == value, ]
    by_wave <- lapply(names(waves), function(w) {
      c <- share(pick(waves[[w]]$company))
      u <- share(pick(waves[[w]]$customers))
      list(wave = w, company = c, customers = u, gap = c$p - u$p, gap_se = sqrt(c$se^2 + u$se^2))
    })
    base <- by_wave[[1]]
    last <- by_wave[[2]]
    ses <- c(base$company$se, base$customers$se, last$company$se, last$customers$se)
    ns <- c(base$company$n, base$customers$n, last$company$n, last$customers$n)
    change <- last$gap - base$gap
    se <- sqrt(sum(ses^2))
    df <- sum(ses^2)^2 / sum(ses^4 / (ns - 1))
    half <- qt(0.975, df) * se
    group <- if (is.null(level)) structure(list(), names = character(0)) else
      setNames(list(value), level)
    list(group_by = I(if (is.null(level)) character(0) else level), group = group,
         by_wave = lapply(by_wave, function(b) list(
           wave = b$wave, company_pct = num(100 * b$company$p),
           customer_pct = num(100 * b$customers$p), gap_pp = num(100 * b$gap),
           gap_se_pp = num(100 * b$gap_se), n_company = b$company$n,
           n_customers = b$customers$n)),
         change_pp = num(100 * change), change_se_pp = num(100 * se),
         change_ci_pp = list(num(100 * (change - half)), num(100 * (change + half))),
         df = num(df), p = 2 * pt(-abs(change) / se, df))
  })
  q <- p.adjust(sapply(rows, function(r) r$p), "BH")
  for (i in seq_along(rows)) {
    rows[[i]]$p_value <- num(rows[[i]]$p)
    rows[[i]]$q_value <- num(q[i])
    rows[[i]]$p <- NULL
  }
  rows
}

rows <- c(group_rows(NULL), group_rows("touchpoint"), group_rows("category"))

# SPEC 6: each NPS item's NPS per wave and sample, svymean(~d) with d = 100 (9-10), 0 (7-8),
# -100 (0-6) on one row per respondent, and the change of the NPS gap as the gaps' above.
nps_share <- function(sheet, id) {
  x <- sheet[[id]]
  ok <- x != ""
  w <- if ("weight" %in% names(sheet)) as.numeric(sheet$weight[ok]) else rep(1, sum(ok))
  x <- as.numeric(x[ok])
  d <- data.frame(respondent_id = sheet$respondent_id[ok], weight = w,
                  d = ifelse(x >= 9, 100, ifelse(x >= 7, 0, -100)))
  m <- svymean(~d, svydesign(ids = ~respondent_id, weights = ~weight, data = d))
  list(p = unname(coef(m)), se = as.numeric(SE(m)), n = nrow(d))
}
nps_rows <- function() {
  folders <- c("2026Q2" = "sample_q2", "2026Q3" = "sample")
  codebook <- read_text_csv(file.path(root, "fixtures", "sample", "items.csv"))
  ids <- if ("kind" %in% names(codebook)) codebook$item[codebook$kind == "nps"] else character(0)
  rows <- lapply(ids, function(id) {
    by_wave <- lapply(names(folders), function(w) {
      read <- function(name) read_text_csv(file.path(root, "fixtures", folders[[w]],
                                                     paste0(name, ".csv")))
      c <- nps_share(read("company"), id)
      u <- nps_share(read("customers"), id)
      list(wave = w, company = c, customers = u, gap = c$p - u$p, gap_se = sqrt(c$se^2 + u$se^2))
    })
    base <- by_wave[[1]]
    last <- by_wave[[2]]
    ses <- c(base$company$se, base$customers$se, last$company$se, last$customers$se)
    ns <- c(base$company$n, base$customers$n, last$company$n, last$customers$n)
    change <- last$gap - base$gap
    se <- sqrt(sum(ses^2))
    df <- sum(ses^2)^2 / sum(ses^4 / (ns - 1))
    half <- qt(0.975, df) * se
    list(item = id,
         by_wave = lapply(by_wave, function(b) list(
           wave = b$wave, company_nps = num(b$company$p), customer_nps = num(b$customers$p),
           gap = num(b$gap), gap_se = num(b$gap_se), n_company = b$company$n,
           n_customers = b$customers$n)),
         change = num(change), change_se = num(se),
         change_ci = list(num(change - half), num(change + half)), df = num(df),
         p = 2 * pt(-abs(change) / se, df))
  })
  q <- p.adjust(sapply(rows, function(r) r$p), "BH")
  for (i in seq_along(rows)) {
    rows[[i]]$p_value <- num(rows[[i]]$p)
    rows[[i]]$q_value <- num(q[i])
    rows[[i]]$p <- NULL
  }
  rows
}

out <- list(
  case = "trend_sample",
  waves = I(names(waves)),
  generated_by = list(script = "tests/reference/trend.R", r_version = R.version.string,
                      survey_version = as.character(packageVersion("survey"))),
  rows = rows,
  nps = nps_rows()
)
dir.create(file.path(root, "expected"), showWarnings = FALSE)
writeLines(toJSON(out, auto_unbox = TRUE, pretty = TRUE, json_verbatim = TRUE),
           file.path(root, "expected", "trend_sample.json"), useBytes = TRUE)
cat(sprintf("%-18s %3d rows\n", "trend_sample", length(rows)))
