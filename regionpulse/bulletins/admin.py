from django.contrib import admin

from regionpulse.bulletins.models import Phrase


@admin.register(Phrase)
class PhraseAdmin(admin.ModelAdmin):
    list_display = ["key", "text", "note"]
    search_fields = ["key", "text"]
