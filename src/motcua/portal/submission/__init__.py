"""Online submission (/nop-ho-so/): an e-form per procedure, drafts kept, supplements completed online."""
