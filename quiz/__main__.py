from quiz.cli import entry

entry()
