"""Officials on sentences of the kinds that broke on unseen articles: who, with what title, for
which organisation (invented sentences; real text stays in ../shared)."""
import pytest

from extractor.nlp.engine import extract


def officials(text):
    return [(o["name"], o["title"], o["org"], o["quoted"]) for o in extract(text)["officials"]]


@pytest.mark.parametrize("text, expected", [
    # words run together where a page's links were cut out: the name without the title's or the verb's word
    ("Menteri Energi NegeriKarya Budi Santosomengatakan pasokan aman. “Stok cukup,” kata Budi Santoso.",
     [("Budi Santoso", "Menteri Energi", "Kementerian Energi", True)]),
    # a short name inside one word of the full name is the same person, and quotes
    ("Menteri Kelautan Fransiskus Hartono meninjau pelabuhan. “Produksi naik,” kata Siskus.",
     [("Fransiskus Hartono", "Menteri Kelautan", "Kementerian Kelautan", True)]),
    # "menurut <title>, <Name>, ...": the name between commas ends the title
    ("Menurut Senior Manager Humas PT Kereta Cepat, Hendra Wiranto, jadwal tetap berjalan.",
     [("Hendra Wiranto", "Senior Manager Humas PT Kereta Cepat", "PT Kereta Cepat", True)]),
    # "kata <title> <one-word name>": a one-word name the verb before the title vouches for
    ("“Armada kami bertambah,” kata Direktur Utama Nusantara Air Hendrawan di Jakarta. Hendrawan menjelaskan rute baru.",
     [("Hendrawan", "Direktur Utama Nusantara Air", "Nusantara Air", True)]),
    # the title before "Komisi ... (ACR)" is not part of the organisation the acronym spells out
    ("Ketua Komisi Pengawas Persaingan Usaha (KPPU) Dedi Kurnia mengatakan pasar sehat. "
     "Sekretaris Jenderal KPPU Rina Astuti menambahkan laporan naik.",
     [("Dedi Kurnia", "Ketua Komisi Pengawas Persaingan Usaha (KPPU)", "Komisi Pengawas Persaingan Usaha", True),
      ("Rina Astuti", "Sekretaris Jenderal KPPU", "Komisi Pengawas Persaingan Usaha", True)]),
    # "PT X Tbk." ends the company's name; the person after it is no part of it
    ("Kepala Riset PT Mega Sekuritas Tbk. Ratna Sari mengatakan saham naik.",
     [("Ratna Sari", "Kepala Riset PT Mega Sekuritas Tbk.", "PT Mega Sekuritas Tbk.", True)]),
    # a regional head speaks for the region's government; "mantan Menteri" for the ministry
    ("Bupati Garut Hendra Wijaya mengatakan jalan diperbaiki. Mantan Menteri Agama Lukman Saifuddin hadir.",
     [("Hendra Wijaya", "Bupati Garut", "Pemerintah Kabupaten Garut", True),
      ("Lukman Saifuddin", "Mantan Menteri Agama", "Kementerian Agama", False)]),
    # a ministry named by its acronym is the ministry the body spells out
    ("Kementerian Kelautan dan Perikanan (KKP) mencatat ekspor naik. Menteri KKP Dimas Wahyu mengatakan target tercapai.",
     [("Dimas Wahyu", "Menteri KKP", "Kementerian Kelautan dan Perikanan", True)]),
    # a period of office is the title's, not the organisation's
    ("Menteri Perdagangan Periode 2014-2019 Rudi Hartanto mengatakan ekspor naik.",
     [("Rudi Hartanto", "Menteri Perdagangan Periode 2014-2019", "Kementerian Perdagangan", True)]),
    # an acting head ("Pj.") of a province speaks for its government
    ("Pj. Gubernur Jawa Barat Bey Machmudin mengatakan jalan diperbaiki.",
     [("Bey Machmudin", "Pj. Gubernur Jawa Barat", "Pemerintah Provinsi Jawa Barat", True)]),
    # honorifics and degrees around the name are neither name nor title
    ("Wakil Ketua DPRD Sumut H. Rahmat Hidayat, S.E. mengatakan anggaran cukup.",
     [("Rahmat Hidayat", "Wakil Ketua DPRD Sumut", "DPRD Sumut", True)]),
    ("Dekan Fakultas Ekonomi Universitas Andalas Dr. Ir. Hj. Siti Aminah, M.Si. menjelaskan riset itu.",
     [("Siti Aminah", "Dekan Fakultas Ekonomi Universitas Andalas", "Universitas Andalas", True)]),
    # the title after the name ends with its sentence
    ("“Harga naik,” kata Budi Santoso, Direktur Utama PT Sinar Jaya. Budi menambahkan stok aman.",
     [("Budi Santoso", "Direktur Utama PT Sinar Jaya", "PT Sinar Jaya", True)]),
    # a given name ending like a small word ("Wulandari") is whole
    ("Direktur Keuangan Sari Wulandari mengatakan laba naik.",
     [("Sari Wulandari", "Direktur Keuangan", None, True)]),
    # "<Name>, yang juga <title>": the title after the name; the first full mention gives the name
    ("Hasan Abdul Karim Basri menghadiri rapat. Hasan Basri, yang juga Ketua Asosiasi Pedagang Pasar Indonesia (APPI), "
     "mengatakan harga naik.",
     [("Hasan Abdul Karim Basri", "Ketua Asosiasi Pedagang Pasar Indonesia (APPI)", "Asosiasi Pedagang Pasar Indonesia", True)]),
    # a coordinating minister speaks for the coordinating ministry of the field
    ("Menteri Koordinator Bidang Perekonomian Airlangga Hartarto mengatakan ekonomi tumbuh.",
     [("Airlangga Hartarto", "Menteri Koordinator Bidang Perekonomian", "Kementerian Koordinator Bidang Perekonomian", True)]),
])
def test_officials_of_unseen_kinds(text, expected):
    assert officials(text) == expected


def test_company_named_in_full_when_the_body_does():
    text = ("PT Sumber Tirta Abadi Tbk. membagikan dividen. Direktur Sumber Tirta Abadi Yohanes Prasetyo "
            "mengatakan laba naik.")
    assert officials(text) == [("Yohanes Prasetyo", "Direktur Sumber Tirta Abadi", "PT Sumber Tirta Abadi Tbk.", True)]


def test_a_brand_written_in_camel_case_is_no_person():
    text = "Menurut data CryptoMarket, volume naik. Aplikasi WhatsApp mengatakan layanan pulih."
    assert [o["name"] for o in extract(text)["officials"]] == []


@pytest.mark.parametrize("text, org", [
    # ordinary words of a ministry's field stay in its name
    ("Menteri Luar Negeri Rudi Hartanto mengatakan kerja sama berlanjut.", "Kementerian Luar Negeri"),
    ("Menteri Lingkungan Hidup Dewi Kartika mengatakan izin dicabut.", "Kementerian Lingkungan Hidup"),
    ("Menteri Dalam Negeri Agus Salim mengatakan anggaran cair.", "Kementerian Dalam Negeri"),
    ("Menteri Ekonomi Kreatif Siti Rahma mengatakan ekspor naik.", "Kementerian Ekonomi Kreatif"),
    # the short form and the home country belong to the title, not to the ministry's name
    ("Menteri Luar Negeri (Menlu) RI Rudi Hartanto mengatakan kerja sama berlanjut.", "Kementerian Luar Negeri"),
    ("Menteri Kesehatan RI Dewi Kartika mengatakan vaksin tersedia.", "Kementerian Kesehatan"),
    # a coordinating minister speaks for the Kementerian Koordinator Bidang X, however the title is written
    ("Menko Perekonomian Agus Salim mengatakan inflasi terkendali.", "Kementerian Koordinator Bidang Perekonomian"),
    ("Menteri Koordinator Perekonomian Agus Salim mengatakan inflasi terkendali.",
     "Kementerian Koordinator Bidang Perekonomian"),
    ("Menteri Koordinator bidang Pangan Agus Salim mengatakan stok aman.", "Kementerian Koordinator Bidang Pangan"),
])
def test_a_minister_speaks_for_the_whole_ministry(text, org):
    assert [o["org"] for o in extract(text)["officials"]] == [org]


def speakers(text):
    return [(q["text"], q["speaker"]) for q in extract(text)["quantities"]]


@pytest.mark.parametrize("text, expected", [
    # a quote attributed after it, and one attributed before it
    ("“Ekspor naik 5 persen,” kata Kepala BPS Riau Asep Riyadi.", [("5 persen", "Asep Riyadi")]),
    ("Direktur Utama PT Sinar Abadi Tbk Rudi Hartanto mengatakan, “Laba kami naik 12 persen.”",
     [("12 persen", "Rudi Hartanto")]),
    # reported speech: the figure of the clause a speech verb opens
    ("Kepala BPS Riau Asep Riyadi mengatakan ekspor naik 5 persen.", [("5 persen", "Asep Riyadi")]),
    ("Menurut Kepala BPS Riau Asep Riyadi, ekspor naik 5 persen.", [("5 persen", "Asep Riyadi")]),
    # a quote continued over paragraphs: the closing attribution only after the last one
    ("Kepala BPS Riau Asep Riyadi menjelaskan kinerja dagang.\n“Ekspor naik 5 persen.\n"
     "“Impor turun 3 persen,” katanya.", [("5 persen", "Asep Riyadi"), ("3 persen", "Asep Riyadi")]),
    # a paragraph that is one quotation, right after an attributed one, goes on with the same speaker
    ("Kepala BPS Riau Asep Riyadi menjelaskan kinerja dagang.\n“Ekspor naik 5 persen,” kata Asep.\n"
     "“Impor juga turun 3 persen.”\nSementara itu, harga beras naik 2 persen.\n“Cabai naik 4 persen.”",
     [("5 persen", "Asep Riyadi"), ("3 persen", "Asep Riyadi"), ("2 persen", None), ("4 persen", None)]),
    # a closing "-nya" verb refers back to the person last named (verbs counted over the corpus)
    ("Kepala Eksekutif OJK Agus Salim mengatakan izin dicabut. “Saat ini ada 5 perusahaan yang berbenah,” ucapnya.",
     [("5", "Agus Salim")]),
    ("Ekonom Bhima Yudhistira menilai ekonomi melambat.\n“Pertumbuhan global hanya 2,3% tahun ini,” bebernya.",
     [("2,3%", "Bhima Yudhistira")]),
])
def test_every_quoted_or_reported_figure_has_its_speaker(text, expected):
    assert speakers(text) == expected


def test_a_closing_verb_refers_back_to_who_spoke_not_to_whom_they_spoke_of():
    text = ("Pengamat pasar uang Rudi Hartanto mengatakan rupiah tertekan setelah pernyataan Gubernur Bank Sentral "
            "Amerika Agus Salim yang hawkish. “Rupiah bisa bergerak di kisaran Rp16.300,” ujarnya.")
    assert speakers(text) == [("Rp16.300", "Rudi Hartanto")]
    # the subject of the sentence before is the one who goes on speaking
    text = ("Kemudian, Kepala Pusat Penerangan Hukum Kejaksaan Agung Dewi Kartika pun angkat bicara. “Uang senilai "
            "Rp11 triliun disita,” katanya.")
    assert speakers(text) == [("Rp11 triliun", "Dewi Kartika")]


def test_an_acronym_is_written_out_as_the_corpus_spells_it_only_where_the_article_names_it():
    """`patterns/names.toml` [acronyms] is learned by `make lexicons`; the article must name it too."""
    alone = "Deputi Gubernur Senior BI Dewi Kartika mengatakan inflasi terkendali."
    assert [o["org"] for o in extract(alone)["officials"]] == ["BI"]
    named = alone + " Bank Indonesia menahan suku bunga."
    assert [o["org"] for o in extract(named)["officials"]] == ["Bank Indonesia"]
    named = "Direktur Jenderal Anggaran Kemenkeu Agus Salim mengatakan defisit turun. Kementerian Keuangan mencatat..."
    assert [o["org"] for o in extract(named)["officials"]] == ["Kementerian Keuangan"]


def test_a_description_pointing_back_names_the_last_person_as_speaker():
    said = "Ketua Komisi III DPR Agus Salim mengatakan pembahasan dimulai. “Dua kali masa sidang cukup,” "
    assert speakers(said + "ujar politikus Partai Gerindra itu.") == [("Dua", "Agus Salim")]
    assert speakers(said + "ujar sumber tersebut.") == [("Dua", None)]  # an unnamed source is nobody named
