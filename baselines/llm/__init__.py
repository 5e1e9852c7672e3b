"""The `llm` extractor: any chat model behind an OpenAI-compatible endpoint (vLLM, llama.cpp, `transformers
serve`, a hosted API), prompted for structured output. docs/llm.md has the commands.

    client     one chat completion: cache, retries with backoff, a clear error for an unusable endpoint
    cache      the sqlite response cache (a re-run or a re-score sends no request)
    prompts    the prompt variants of configs/prompt/ and the deterministic few-shot examples from train
    contract   the JSON answer the model must give (schema derived from bench.schema) and its tolerant parser
    locate     finding the model's quotes in the document
    assemble   quotes and fields -> a submission-format prediction, counting what was dropped
    extractor  the registered `llm` extractor that ties them together

Needs the optional extra `claimbench[llm]` (the `openai` client); importing this package without it works.
"""

from baselines.llm.extractor import LLMExtractor

__all__ = ["LLMExtractor"]
