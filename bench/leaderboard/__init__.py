"""The leaderboard: submissions under leaderboard/submissions/<slug>/ (predictions.jsonl + meta.yaml),
scored and rendered to leaderboard/README.md, results.json, index.html and errors/<slug>.html (one error
page per submission); `review.review_submission` writes the pull-request review.

`build_board` is pure (files in, bytes out); `write_board` writes atomically; `stale_outputs` is the CI
check. Submissions are data: nothing in them is imported, executed or unpickled.
"""

from bench.leaderboard.board import OUTPUTS, add_submission, build_board, stale_outputs, write_board

__all__ = ["OUTPUTS", "add_submission", "build_board", "stale_outputs", "write_board"]
