"""Titles and texts for the example plans' first posts, so that a newcomer sees the daily loop working: the first two
weeks are written and ready in every language they go out in, the third has its titles (drafts to finish).

The texts are short and made up; each content type of the examples has a few, in the languages its markets use.
They come with the example, as generated posts (not marked edited: a fresh example holds no work of the founder's),
so regenerating keeps them where their slot stays and drops them where it goes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from smplanner.domain.plan import Plan, Post, PostStatus, VersionStatus

READY_DAYS = 14
"""The first days of an example whose posts are written and ready."""
TITLED_DAYS = 21
"""The first days of an example whose posts have a title (the later ones are ideas, as generated)."""

Sample = tuple[str, dict[str, str]]
"""A title and the text in each language."""

SAMPLES: dict[str, tuple[Sample, ...]] = {
    # The confectioner: English, Japanese, Spanish, Chinese.
    "Product news": (
        ("New flavours are here", {
            "en": "New cuberdons are out of the copper pans: raspberry, violet and a first rhubarb. "
                  "Which one do you try first? 🍬",
            "ja": "新しいキュベルドンができあがりました。ラズベリー、スミレ、そして初めてのルバーブ味。"
                  "どれから試しますか？🍬",
            "es": "Ya están aquí los nuevos cuberdons: frambuesa, violeta y un primer ruibarbo. "
                  "¿Cuál pruebas primero? 🍬",
            "zh": "新一批库贝尔东糖出锅啦：覆盆子、紫罗兰，还有全新的大黄口味。你想先尝哪一种？🍬",
        }),
        ("The gift box of twelve", {
            "en": "Twelve cuberdons in a hand-folded box: a gift that travels. Order by Friday for delivery in the UK.",
            "ja": "手折りの箱に入った12個のキュベルドン。贈り物にどうぞ。",
            "es": "Doce cuberdons en una caja plegada a mano: un regalo que viaja bien.",
            "zh": "十二颗库贝尔东糖，装在手工折叠的礼盒里，送礼正合适。",
        }),
        ("Back in stock", {
            "en": "The violet cuberdons are back in stock. Thank you for your patience!",
            "ja": "スミレ味のキュベルドンが再入荷しました。お待たせしました！",
            "es": "¡Vuelven los cuberdons de violeta! Gracias por la paciencia.",
            "zh": "紫罗兰口味补货啦，感谢大家的耐心等待！",
        }),
    ),
    "Behind the scenes": (
        ("Six hours in the copper pan", {
            "en": "A cuberdon takes six hours: cooked in copper, poured into moulds, left to form its crust. "
                  "Here is Lotte at 6 am.",
            "ja": "キュベルドンは6時間かけて作ります。銅鍋で煮て、型に流し、表面が固まるのを待ちます。",
            "es": "Un cuberdon necesita seis horas: cocido en cobre, vertido en moldes y reposado hasta formar "
                  "su costra.",
            "zh": "一颗库贝尔东糖要六个小时：铜锅熬煮、倒模、静置结壳。这是早上六点的工坊。",
        }),
        ("Meet the moulds", {
            "en": "These starch moulds are older than our shop. Each one shapes 40 cones at a time.",
            "ja": "この型は私たちの店より古いものです。一度に40個の円錐形を作ります。",
            "es": "Estos moldes de almidón son más antiguos que nuestra tienda. Cada uno da forma a 40 conos.",
            "zh": "这些淀粉模具比我们的店还老，每个一次能做40颗。",
        }),
    ),
    "Customer stories": (
        ("A wedding in Leeds", {
            "en": "Sophie and Tom gave a cuberdon to each of their 120 guests. Congratulations from Ghent!",
            "ja": "リーズの結婚式で、120人のゲストにキュベルドンが贈られました。おめでとうございます！",
            "es": "Sophie y Tom regalaron un cuberdon a cada uno de sus 120 invitados. ¡Enhorabuena!",
            "zh": "索菲和汤姆在婚礼上给120位宾客每人送了一颗库贝尔东糖。祝福来自根特！",
        }),
        ("From our Tokyo shop", {
            "en": "Our Tokyo distributor's customers chose violet three times out of four. Tokyo has taste.",
            "ja": "東京のお客様の4人に3人がスミレ味を選びました。ありがとうございます。",
            "es": "Tres de cada cuatro clientes en Tokio eligen la violeta.",
            "zh": "东京的顾客四个人里有三个选择了紫罗兰口味。",
        }),
    ),
    "Founder's personal posts": (
        ("Why I took over my grandmother's recipe", {
            "en": "Ten years ago I took over my grandmother's recipe book. This week I found her note on the violet "
                  "batch: 'less sugar, more patience'.",
            "es": "Hace diez años heredé el recetario de mi abuela. Esta semana encontré su nota: «menos azúcar, "
                  "más paciencia».",
        }),
        ("What exporting taught me", {
            "en": "Selling in four countries taught me one thing: the same sweet needs four different stories.",
            "es": "Vender en cuatro países me enseñó algo: el mismo dulce necesita cuatro historias distintas.",
        }),
    ),
    # The consultancy: French for all markets.
    "Expertise articles": (
        ("Trois indicateurs pour piloter une PME", {
            "fr": "Trésorerie à 90 jours, marge par client, délai de paiement : trois chiffres suffisent pour voir "
                  "venir. Voici comment les suivre chaque lundi.",
            "en": "Cash at 90 days, margin per client, payment delay: three numbers are enough to see what is coming.",
        }),
        ("Déléguer sans perdre le fil", {
            "fr": "Déléguer, c'est décider de ce qu'on ne contrôlera plus. Notre méthode en quatre questions.",
            "en": "Delegating means deciding what you will no longer check. Our method in four questions.",
        }),
    ),
    "Case studies": (
        ("Une menuiserie qui a doublé sa marge", {
            "fr": "En six mois, une menuiserie de 12 personnes a doublé sa marge en revoyant ses devis. "
                  "Le détail de la démarche.",
        }),
    ),
    "Events and talks": (
        ("Rendez-vous au salon des PME", {
            "fr": "Nous serons au salon des PME de Lyon jeudi : passez nous voir au stand 42.",
        }),
        ("Webinaire : le prix juste", {
            "fr": "Mardi à 12 h 30, 30 minutes pour revoir vos prix sans perdre vos clients. Inscription gratuite.",
        }),
    ),
    "Personal viewpoints": (
        ("Ce que m'a appris mon premier client", {
            "fr": "Mon premier client m'a dit : « ne me dites pas ce qu'il faut faire, aidez-moi à le faire ». "
                  "Je ne l'ai jamais oublié.",
        }),
    ),
    # The training firm: French, and English in Cameroon.
    "Course announcements": (
        ("Nouvelle session : manager à distance", {
            "fr": "Nouvelle session « Manager à distance » le 15 du mois prochain, en ligne et à Bruxelles. "
                  "Places limitées à 12.",
            "en": "New 'Managing remote teams' session next month, online and in Douala. 12 seats only.",
        }),
        ("Formation Excel avancé", {
            "fr": "Tableaux croisés, Power Query, automatisation : la formation Excel avancé reprend lundi.",
            "en": "Pivot tables, Power Query, automation: our advanced Excel course starts again on Monday.",
        }),
    ),
    "Trainee testimonials": (
        ("Awa, cheffe de projet à Douala", {
            "fr": "« J'ai appliqué la méthode dès le lendemain avec mon équipe. » — Awa, cheffe de projet à Douala.",
            "en": "'I used the method with my team the very next day.' — Awa, project manager in Douala.",
        }),
    ),
    "Learning tips": (
        ("Une astuce de réunion en 60 secondes", {
            "fr": "Une réunion commence par sa décision attendue, pas par son ordre du jour. L'astuce en vidéo.",
            "en": "A meeting starts with the decision it must reach, not with its agenda. The tip in a video.",
        }),
    ),
    "Team life": (
        ("Notre équipe à Douala", {
            "fr": "Une semaine avec nos formateurs à Douala : merci à l'école partenaire pour l'accueil !",
            "en": "A week with our trainers in Douala: thank you to our partner school for the welcome!",
        }),
    ),
}


def with_example_texts(plan: Plan, posts: Sequence[Post]) -> list[Post]:
    """The example's posts with titles and texts for its first weeks (see the module's docstring)."""
    names = {content.id: content.name for content in plan.content_types}
    start = plan.strategy.period_start
    seen: defaultdict[str, int] = defaultdict(int)
    written = []
    for post in posts:
        day = post.local.date()
        samples = SAMPLES.get(names.get(post.content_type_id or "", ""), ())
        if not samples or day >= start + timedelta(days=TITLED_DAYS):
            written.append(post)
            continue
        title, texts = samples[seen[post.content_type_id or ""] % len(samples)]
        seen[post.content_type_id or ""] += 1
        if day >= start + timedelta(days=READY_DAYS):
            written.append(replace(post, title=title, status=PostStatus.DRAFT))
            continue
        versions = tuple(
            replace(version, text=texts[version.language], status=VersionStatus.READY)
            if version.language in texts else version
            for version in post.versions
        )
        ready = all(version.status is VersionStatus.READY for version in versions)
        written.append(replace(post, title=title, versions=versions,
                               status=PostStatus.READY if ready else PostStatus.DRAFT))
    return written
