# The report layer's sources, relative to analyzer/ (see analyzer/CMakeLists.txt).
list(APPEND RC_SOURCES
  report/view.c report/report_roles.c report/report_matrix.c
  report/report_check.c report/report_rules.c report/report_portal.c
  report/report_sarif.c report/report_junit.c report/report_annotate.c
  report/report_md.c report/location.c report/output.c
  report/baseline.c report/report_sheet.c report/report_html.c
  report/digest.c report/digest_out.c report/compare.c report/report_html_digest.c report/report_html_rules.c
  report/report_xlsx_matrix.c report/report_xlsx_digest.c
  report/report_xlsx.c report/report_diff.c report/report_fix.c
  report/report_users.c report/report_users_json.c report/report_users_page.c
  report/fix_site.c report/fix_write.c
  report/escape.c report/report.c)
