from articles.consistency.evaluation import main

raise SystemExit(main())
