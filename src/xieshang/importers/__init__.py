"""Pure, streaming parsers: a file in, typed evidence records out. No Django, no database.

Entry points (`xieshang.importers.registry`): `all_importers()`, `detect(head, context)` (content first, the
file-name suffix only breaks ties), `parse_stream(stream, context)`, `parse_path(path)`, `context_for(path)`.
Every malformed or hostile input raises `ImportFormatError` (zh + en, naming file and position).

Importers (name → records, `meta` keys):
- `sms_backup_restore` → SMS (`box`, `protocol`, `subject`, `service_center`, `read`, `status`, `locked`,
  `sub_id`, `date_sent`) and MMS (`box`, `addresses`, `subject`, …; parts → `attachments`; `external_id` = m_id)
- `sms_backup_restore_calls` → CALL (`duration_seconds` int, `call_type`, `presentation`)
- `eml`, `mbox` → EMAIL (`subject`, `from`, `from_name`, `to`, `cc`; text = subject, blank line, body;
  `external_id` = Message-ID without <>; attachments with their untrusted names)
- `wechatmsg_csv` (`msg_type`, `local_id`, `sender`, `app_type`), `pywxdump_csv` (`msg_type`, `sender`,
  `src`; `external_id` = MsgSvrID), `qq_txt` (`conversation`, `group`) → CHAT
- `call_recording` → RECORDING (`audio_format`, `duration_seconds` float, `scheme`, `time_source`
  "file_name"/"mtime", `time_precision` "minute" for OPPO); `recordings.match_call(recording, calls)`
- `document` → DOCUMENT (`file_type` pdf/jpeg/png/docx, `doc_type`, `title`, `time_source`)
"""
