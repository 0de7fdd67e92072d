from django.urls import path

from .views import autoqa, disputes, evaluations, reports, scorecard_builder, scorecards, sessions

urlpatterns = [
    path("", reports.home, name="quality-home"),
    path("reports/", reports.report, name="quality-reports"),
    path("reports/iqs.csv", reports.report_csv, name="quality-reports-csv"),
    path("quotas/", reports.quota_dashboard, name="quality-quotas"),
    path("cx/", reports.qa_to_cx, name="quality-cx"),
    path("agents/<int:agent_id>/", reports.agent_detail, name="quality-agent"),
    path("agents/<int:agent_id>/coaching/", sessions.coaching_new, name="quality-coaching-new"),
    path("spotlight/", autoqa.spotlight_page, name="quality-spotlight"),
    path("automatic-agreement/", autoqa.agreement_page, name="quality-auto-agreement"),
    path("mine/", evaluations.mine, name="quality-mine"),
    path("queue/", evaluations.queue, name="quality-queue"),
    path("queue/sample/", evaluations.sample, name="quality-sample"),
    path("evaluations/new/", evaluations.evaluation_new, name="quality-evaluation-new"),
    path("evaluations/<int:evaluation_id>/", evaluations.evaluation_detail, name="quality-evaluation"),
    path("evaluations/<int:evaluation_id>/claim/", evaluations.evaluation_claim, name="quality-evaluation-claim"),
    path(
        "evaluations/<int:evaluation_id>/acknowledge/",
        evaluations.evaluation_acknowledge,
        name="quality-evaluation-acknowledge",
    ),
    path("evaluations/<int:evaluation_id>/dispute/", evaluations.dispute_open, name="quality-dispute-open"),
    path(
        "auto-answers/<int:answer_id>/override/",
        autoqa.auto_answer_override_view,
        name="quality-auto-answer-override",
    ),
    path("disputes/", disputes.dispute_inbox, name="quality-disputes"),
    path("disputes/categories/", disputes.dispute_category_add, name="quality-dispute-category-add"),
    path("disputes/<int:dispute_id>/resolve/", evaluations.dispute_resolve, name="quality-dispute-resolve"),
    path("scorecards/", scorecards.scorecard_list, name="quality-scorecards"),
    path("scorecards/new/", scorecard_builder.builder_new, name="quality-scorecard-new"),
    path("scorecards/preview/", scorecard_builder.builder_preview, name="quality-scorecard-preview"),
    path("scorecards/<int:scorecard_id>/", scorecards.scorecard_detail, name="quality-scorecard"),
    path("scorecards/<int:scorecard_id>/builder/", scorecard_builder.builder_edit, name="quality-scorecard-builder"),
    path(
        "scorecards/<int:scorecard_id>/v<int:number>.json", scorecards.scorecard_export, name="quality-scorecard-export"
    ),
    path("plan/", scorecards.plan_edit, name="quality-plan"),
    path("calibration/", sessions.calibration_list, name="quality-calibrations"),
    path("calibration/<int:session_id>/", sessions.calibration_detail, name="quality-calibration"),
    path(
        "calibration/<int:session_id>/score/<int:interaction_id>/",
        sessions.calibration_score,
        name="quality-calibration-score",
    ),
    path("calibration/<int:session_id>/close/", sessions.calibration_close, name="quality-calibration-close"),
]
