"""Pure, streaming parsers: a file in, typed evidence records out. No Django, no database.

Entry points (`xieshang.importers.registry`): `all_importers()`, `detect(head, context)` (content first, the
file-name suffix only breaks ties), `parse_stream(stream, context)`, `parse_path(path)`, `context_for(path)`.
Every malformed or hostile input raises `ImportFormatError` (zh + en, naming file and position).
`SourceContext.owner_ids` (optional: the owner's e-mail addresses, numbers, QQ ids, wxids) decides direction
where a format does not say it; without it the importers infer the owner (`owner.py`).

Importers (name → records, `meta` keys):
- `sms_backup_restore` → SMS (`box` inbox/sent/draft/outbox/failed/queued, `protocol`, `subject`,
  `service_center`, `read`, `status`, `locked`, `sub_id`, `date_sent` ISO UTC) and MMS (`box`, `addresses`,
  `from`/`to`/`cc`/`bcc` lists, `subject`, `date_sent`, …; parts → `attachments`; `external_id` = m_id)
- `sms_backup_restore_calls` → CALL (`duration_seconds` int, `call_type`, `presentation`)
- `eml`, `mbox` → EMAIL (`subject`, `from`, `from_name`, `to`, `cc`, `in_reply_to`, `references`,
  `time_source` date/mbox_from_line/mtime, `direction_from`; text = subject, blank line, body;
  `external_id` = Message-ID without <>; attachments (inline images, forwarded messages) with their
  untrusted names)
- `wechatmsg_csv` (`msg_type`, `local_id`, `sender`, `app_type`, `system`, `call_duration_seconds`),
  `pywxdump_csv` (`msg_type`, `sender`, `src`, `system`; `external_id` = MsgSvrID), `qq_txt`
  (`conversation`, `group`, `sender`, `sender_id`, `system`) → CHAT
- `ios_sms_db` (iOS sms.db: SMS/MMS/iMessage; `service`, `group`, `members`, `sender`, `owner_id`,
  `time_source`, `attachments_missing`), `android_mmssms_db` (`box`, `group`, `from`/`to`, `sender`),
  `ios_call_history`, `android_calls_db` → SMS/MMS/CALL; `Record.status` (a `MessageStatus`) is stored as
  `meta["message_status"]`; SQLite is opened through `sqlite_safe` only. A backup folder: `ios_backup`.
- `wechatmsg_html`, `wechatmsg_txt` (MemoTrace) → CHAT (`sender_name`, `group`, `system`)
- `call_recording` → RECORDING (`audio_format`, `duration_seconds` float, `scheme`, `time_source`
  "file_name"/"mtime", `time_precision` "minute" for OPPO); `recordings.match_call(recording, calls)`
- `document` → DOCUMENT (`file_type` pdf/jpeg/png/docx, `doc_type`, `title`, `time_source`
  exif/mtime/document_properties, `created`, `pages`, `exif_tag`, `text_error`, `encrypted`; PDF and DOCX
  text for search)
"""
