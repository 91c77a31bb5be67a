"""Speech to text for call recordings: decode (PyAV/FFmpeg), a `Transcriber` protocol, one engine
(faster-whisper on CTranslate2, CPU int8) and the model it loads from a local directory only.

No Django and no database here (an import-linter contract): the evidence service
(`xieshang.evidence.transcripts`) drives it and writes what it returns. faster-whisper, PyAV and the
packaged model are the optional extra `xieshang[asr]`; without them every function here raises a clear
`AsrUnavailableError` and the rest of the product keeps working.
"""
