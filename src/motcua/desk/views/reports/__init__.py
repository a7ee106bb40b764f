"""Reports (/desk/bao-cao/) for leaders and supervisors: the periodic report of dossier handling by agency and by
field, the late dossiers of a period, the officers' figures; each on screen, in Excel and in PDF."""
