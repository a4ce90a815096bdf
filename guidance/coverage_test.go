package guidance

import (
	"slices"
	"strings"
	"testing"
)

// coverageCase is a concern in a DSL's own words and what the default pack
// must (and must not) say about it. The sentences are written for these
// tests, in many people's styles, not taken from the evaluation fixtures.
type coverageCase struct {
	text  string
	route string   // the primary route, when it matters
	min   int      // the lowest acceptable level (0: no floor)
	max   int      // the highest acceptable level (0: no ceiling; use 1 for "level 1 only")
	has   []string // routes that must be the route or in also
	not   []string // routes that must be neither
}

func runCoverage(t *testing.T, cases []coverageCase) {
	t.Helper()
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		a := p.Route(c.text, Facts{})
		level := 0
		if a.Level != nil {
			level = *a.Level
		}
		all := append([]string{a.Route}, a.Also...)
		var ids []string
		for _, r := range a.Reasons {
			ids = append(ids, r.Indicator)
		}
		var bad []string
		if c.route != "" && a.Route != c.route {
			bad = append(bad, "route "+a.Route+", want "+c.route)
		}
		if c.min > 0 && level < c.min {
			bad = append(bad, "level below minimum")
		}
		if c.max > 0 && level > c.max {
			bad = append(bad, "level above maximum")
		}
		for _, r := range c.has {
			if !slices.Contains(all, r) {
				bad = append(bad, "missing "+r)
			}
		}
		for _, r := range c.not {
			if slices.Contains(all, r) {
				bad = append(bad, "should not route to "+r)
			}
		}
		if len(bad) > 0 {
			t.Errorf("%q\n\tgot level %d, route %s, also %v [%s]: %s", c.text, level, a.Route, a.Also,
				strings.Join(ids, ", "), strings.Join(bad, "; "))
		}
	}
}

// Allegations against adults who work with children go to the LADO, whoever
// the adult is; an adult who only heard or saw the concern does not.
func TestCoverageAdultsInPositionsOfTrust(t *testing.T) {
	runCoverage(t, []coverageCase{
		{text: "A Year 4 parent says the dinner lady grabbed her son by the arm and dragged him out of the hall.", route: "lado"},
		{text: "Our caretaker was seen shoving a Year 7 boy against the lockers.", route: "lado"},
		{text: "The minibus driver on the swimming run smelled strongly of alcohol this morning.", route: "lado"},
		{text: "A supply teacher slapped a Year 5 girl across the face during maths.", route: "lado"},
		{text: "The scout leader has been sending a 12 year old boy messages on WhatsApp late at night and told him to keep them secret.", route: "lado", has: []string{"police"}},
		{text: "Pupil says her piano tutor touched her bottom during her lesson last week.", route: "lado", min: 3, has: []string{"police"}},
		{text: "Our learning mentor has been giving a Year 10 girl lifts home in his car and buying her vapes.", route: "lado"},
		{text: "A parent helper on the school trip called a child thick in front of the whole group.", route: "lado", max: 1},
		{text: "The childminder who has our Reception twins locks them in the bedroom when they cry, the older one says.", route: "lado"},
		{text: "A nursery practitioner was seen force-feeding a toddler who was crying and turning her head away.", route: "lado"},
		{text: "The head teacher pushed a Year 6 boy into the wall; two members of staff witnessed it.", route: "lado"},
		{text: "Year 5 boy in foster care says his foster carer hit him with a slipper last night.", route: "lado", min: 3},
		{text: "The taxi escort has been asking a 14 year old girl to send photos of herself.", route: "lado", has: []string{"police"}},
		{text: "An agency cover teacher showed a Year 8 class a pornographic video.", route: "lado"},
		{text: "The football coach at the Saturday club is in a relationship with one of the 15 year old players.", route: "lado", has: []string{"police"}},
		{text: "One of our reading volunteers was arrested last night for having indecent images of children.", route: "lado"},
		{text: "A youth worker at the church club has been messaging a Year 9 girl on Snapchat telling her she is beautiful.", route: "lado"},
		{text: "CCTV shows a TA dragging a boy with autism across the floor by his ankles.", route: "lado"},
		{text: "A Year 3 girl says she was hit by her swimming teacher at the leisure centre.", route: "lado"},
		{text: "Sir grabbed me by the neck and threw me out of the room, the boy said.", route: "lado"},
		{text: "The son of one of our teachers has told his own school that his dad beats him with a belt.", route: "lado", min: 4, has: []string{"mash-urgent"}},
		{text: "Our cleaner's daughter, who is in Year 2 here, says mum leaves her alone at home all night.", route: "lado", min: 3},
	})
	runCoverage(t, []coverageCase{
		{text: "The PE teacher said the class did well.", max: 1, not: []string{"lado"}},
		{text: "She told her teacher that her dad hit her with a belt.", route: "mash-urgent", not: []string{"lado"}},
		{text: "The TA noticed bruises on his arm and he said his mum's boyfriend grabbed him.", min: 4, not: []string{"lado"}},
		{text: "The class teacher reports that he hit another child at lunchtime.", not: []string{"lado"}},
		{text: "Our caretaker found a kitchen knife in the bushes by the gate this morning.", not: []string{"lado"}},
		{text: "A TA gave a crying Year 1 child a cuddle after she fell over in the playground.", max: 1, not: []string{"lado"}},
		{text: "The teacher kept him in at break because he had not finished his work.", max: 1, not: []string{"lado"}},
		{text: "The coach said he played brilliantly on Saturday and should try out for the county.", max: 1, not: []string{"lado"}},
		{text: "Her form tutor messaged her mum to say she seemed upset today.", not: []string{"lado"}},
		{text: "The school bus driver reported that two pupils were fighting on the back seat.", not: []string{"lado"}},
		{text: "Mum says the maths teacher has it in for her son because he keeps getting detentions.", max: 1, not: []string{"lado"}},
		{text: "On the coach home he punched another boy in the face.", not: []string{"lado"}},
		{text: "The school nurse checked her over and she said her stepdad kicked her.", min: 4, not: []string{"lado"}},
		{text: "The teacher asked her why she was upset and she said mum slaps her.", not: []string{"lado"}},
		{text: "The head said she had a head injury from the playground and first aid was given.", max: 1, not: []string{"lado"}},
		{text: "A Year 9 pupil took a photo of the supply teacher and posted it on TikTok.", not: []string{"lado"}},
	})
}

// Everyday words for danger to life: suicide, fear of going home, threats,
// weapons and medical emergencies.
func TestCoverageDangerInEverydayWords(t *testing.T) {
	runCoverage(t, []coverageCase{
		{text: "Year 9 girl says she has been planning to kill herself this weekend.", min: 4},
		{text: "He told his friend he has written letters to his family for after he has gone.", min: 4},
		{text: "She has been looking online at how many paracetamol it would take to die.", min: 4},
		{text: "Boy said he doesn't see the point in living any more.", min: 4},
		{text: "Year 11 student says she is going to end it all tonight.", route: "emergency"},
		{text: "He has a noose hidden in his wardrobe and has talked about hanging himself.", min: 4},
		{text: "She keeps thinking about ending her life and has worked out when she would do it.", min: 4},
		{text: "Girl is scared to go home because mum's boyfriend said he would batter her when she gets in.", min: 4},
		{text: "Y5 boy begged us not to phone home because his dad will beat him for the detention.", min: 4},
		{text: "She says that if she goes home tonight her stepmum is going to kill her.", min: 4, has: []string{"police"}},
		{text: "Her ex-partner has sent messages saying he will kill her and the children.", min: 4, has: []string{"police"}},
		{text: "He says his stepdad waved a knife at him and his mum last night.", min: 4, has: []string{"police"}},
		{text: "Asthmatic 8 year old struggling to breathe with blue lips and there is no inhaler in school.", route: "emergency"},
		{text: "A diabetic Year 6 girl is confused and vomiting and her blood sugar is very high.", route: "emergency"},
		{text: "Boy with a peanut allergy has a swollen tongue and is wheezing after lunch.", route: "emergency"},
		{text: "Child has been fitting for over five minutes and it is not stopping.", route: "emergency"},
		{text: "The wound on his leg is infected and oozing and mum has not taken him to a doctor.", min: 4},
		{text: "Dad has stopped giving her insulin because he believes prayer will heal her.", min: 4},
	})
	runCoverage(t, []coverageCase{
		{text: "She said she could kill her brother for breaking her headphones, laughing about it.", max: 2},
		{text: "He says the maths homework is killing him.", max: 1},
		{text: "The novel they are reading in English is about a character who wants to die.", max: 1},
		{text: "Year 10 girl anxious about exams; no self-harm or thoughts of suicide when asked.", max: 2},
		{text: "Mum will kill me if I lose my coat again, he joked on the way out.", max: 1},
		{text: "She has asthma and uses her inhaler before PE.", max: 1},
		{text: "He had a hypo in PE, had his glucose tablets and was fine within ten minutes.", max: 1},
		{text: "He cut his knee in the playground and first aid was given.", max: 1},
		{text: "Mum keeps the kitchen knives in a locked drawer since the toddler started climbing.", max: 2},
		{text: "She was nervous about going home because she forgot her PE kit and dad will be cross.", max: 2},
	})
}

// FGM in community words; the police duty only for a girl under 18.
func TestCoverageFGM(t *testing.T) {
	runCoverage(t, []coverageCase{
		{text: "Year 5 girl told her teacher she was cut during the summer in Somalia and it hurt a lot.", route: "police-fgm"},
		{text: "A Year 8 pupil said she had the sunna done when she was little.", route: "police-fgm"},
		{text: "A 14 year old disclosed to the nurse that she was circumcised as a baby in Egypt.", route: "police-fgm"},
		{text: "The family are taking their two daughters to Sudan for the summer for a special ceremony.", min: 3, not: []string{"police-fgm"}},
		{text: "Year 3 girl says grandma is going to make her clean when they visit Guinea at Easter.", min: 4, not: []string{"police-fgm"}},
		{text: "Aunt told the 9 year old she will be cut like her sisters when she is older.", min: 3, not: []string{"police-fgm"}},
		{text: "Mum says she wants her daughter to have it done the clean way, by a doctor, during the holidays.", min: 3, not: []string{"police-fgm"}},
	})
	runCoverage(t, []coverageCase{
		{text: "Mum of a Year 3 boy told the nurse she had FGM as a girl.", max: 1, not: []string{"police-fgm"}},
		{text: "A 19 year old former pupil told us she had FGM at the age of six. She has no sisters.", not: []string{"police-fgm"}},
		{text: "She cut her finger in DT.", max: 1},
		{text: "He was circumcised as a baby for religious reasons.", max: 1, not: []string{"police-fgm"}},
		{text: "The girl got a cut on her leg at the beach in the summer holidays.", max: 1, not: []string{"police-fgm"}},
		{text: "The family are going to Egypt for a wedding; mum has always spoken out against FGM.", max: 2, not: []string{"police-fgm"}},
	})
}

// Online grooming, sextortion and exploitation.
func TestCoverageOnlineAndExploitation(t *testing.T) {
	runCoverage(t, []coverageCase{
		{text: "A man she met on Roblox has been giving her Robux and now wants photos of her in her swimsuit.", min: 4, has: []string{"police"}},
		{text: "Year 6 boy was asked to take his top off on a video call by someone he plays games with.", min: 4, has: []string{"police"}},
		{text: "Someone on Instagram claiming to be a modelling scout asked her for pictures in her underwear.", min: 4},
		{text: "He is being blackmailed by someone who says they will send his nudes to his family unless he pays.", min: 4, has: []string{"police"}},
		{text: "She has been chatting to a boy on Snapchat who turned out to be a 35 year old man.", min: 4, has: []string{"police"}},
		{text: "A 14 year old has been meeting men he talks to on a dating app.", min: 4},
		{text: "An online friend told her to delete their messages and not tell her parents.", min: 3},
		{text: "Year 10 boy has been found in Bournemouth twice with large amounts of cash and says he was doing a job for someone.", min: 4, has: []string{"nrm"}},
		{text: "He owes older boys money after the weed he was holding was taken, and they have threatened his family.", min: 4, has: []string{"nrm"}},
		{text: "A 15 year old girl is picked up by different men in cars after school and has new clothes and a new phone.", min: 4, has: []string{"nrm"}},
		{text: "Police found a 16 year old boy living in a cannabis farm above a shop.", min: 4, has: []string{"nrm"}},
		{text: "He was brought to the UK by a man he calls uncle and works in a car wash every day to pay off the debt.", min: 4, has: []string{"nrm"}},
	})
	runCoverage(t, []coverageCase{
		{text: "Year 8 boy plays Fortnite online with his cousin most evenings.", max: 2},
		{text: "Parents asked for advice on parental controls for her new phone.", max: 1},
		{text: "She posted a dance video on TikTok and her friends commented on it.", max: 1},
		{text: "Year 11 has a Saturday job at a cafe and mum knows the owner well.", max: 1},
		{text: "He owes his friend five pounds for a game and they fell out about it.", max: 2, not: []string{"nrm"}},
		{text: "His older brother picks him up after school in his car.", max: 1, not: []string{"nrm"}},
	})
}

// Private fostering: 28 days or more with someone who is not a close
// relative; not a short or finished stay, and not with a close relative.
func TestCoveragePrivateFostering(t *testing.T) {
	runCoverage(t, []coverageCase{
		{text: "Year 9 girl has been living with her best friend's family since Christmas after falling out with mum.", has: []string{"private-fostering"}},
		{text: "A 12 year old is staying with a family friend for three months while her parents work in Dubai.", has: []string{"private-fostering"}},
		{text: "Our 14 year old exchange student is living with a host family for the whole term.", has: []string{"private-fostering"}},
		{text: "Her godmother has been looking after her since September while mum is in prison.", has: []string{"private-fostering"}},
		{text: "He has been living with his cousin and his cousin's girlfriend for six weeks.", has: []string{"private-fostering"}},
		{text: "Mum has gone back to Nigeria indefinitely and left her 10 year old with a neighbour.", has: []string{"private-fostering"}},
	})
	runCoverage(t, []coverageCase{
		{text: "Grandma is looking after him while mum is in hospital.", max: 2, not: []string{"private-fostering"}},
		{text: "He has lived with his aunt and uncle since his dad died last year.", not: []string{"private-fostering"}},
		{text: "She stayed with a friend for the weekend while mum was away.", max: 1, not: []string{"private-fostering"}},
		{text: "Year 8 boy has been living with his older sister, who is 22, since September.", not: []string{"private-fostering"}},
		{text: "The 17 year old has been living with his girlfriend's family since the summer.", not: []string{"private-fostering"}},
		{text: "Year 7 girl lives with her stepdad while mum works abroad for six months.", not: []string{"private-fostering"}},
		{text: "He stayed with the neighbours for a few days while mum had her operation and is now back home.", max: 1, not: []string{"private-fostering"}},
	})
}

// Children missing education, and leaving school to hide harm.
func TestCoverageMissingEducation(t *testing.T) {
	runCoverage(t, []coverageCase{
		{text: "The family left their flat in the summer and nobody knows where they have gone; the boy has not started at any new school.", has: []string{"cme"}},
		{text: "Year 2 girl went to Pakistan for a wedding in March and should have been back a month ago. Her parents' phones are switched off.", has: []string{"cme"}},
		{text: "A Year 7 place was allocated but the child never arrived and the family cannot be contacted.", has: []string{"cme"}},
		{text: "Parents deregistered him for home education the week after he told us his dad hits him.", min: 4, has: []string{"cme"}},
		{text: "Dad has withdrawn her to home educate. She is on a child protection plan for neglect.", min: 3, has: []string{"cme"}},
	})
	runCoverage(t, []coverageCase{
		{text: "The family moved to Bristol and his new school has confirmed he is on roll.", max: 1, not: []string{"cme"}},
		{text: "Mum has decided to home educate because of his anxiety; he is happy and there are no welfare concerns.", route: "cme", max: 2},
	})
}

// Denials and explanations that do not lower a disclosure, and innocent
// accounts that should not raise one.
func TestCoverageNegationAndDenial(t *testing.T) {
	runCoverage(t, []coverageCase{
		{text: "At first she said she fell, then she told us her dad pushed her down the stairs.", min: 4},
		{text: "He says his mum told him to say he walked into a door, and there is a bruise round his eye.", min: 4},
		{text: "She disclosed that her uncle touches her private parts, then said she was only joking.", min: 4, has: []string{"police"}},
		{text: "Denies anything happened at home, but has a hand-shaped mark on her cheek.", min: 4},
		{text: "He says he is fine and nothing is wrong, but his stepdad makes him sleep in his bed.", min: 4},
	})
	runCoverage(t, []coverageCase{
		{text: "He has a bruise on his shin from football; staff saw the tackle during the match.", max: 1},
		{text: "Her dad killed her at chess last night, she said, laughing.", max: 1},
		{text: "He said his dad beat him up, but it turned out they were playing on the Xbox.", max: 1},
	})
}

// Ages: sexual activity under 13 and adult partners are always Level 4.
func TestCoverageAges(t *testing.T) {
	runCoverage(t, []coverageCase{
		{text: "A 12 year old girl says she has had sex with her boyfriend.", min: 4, has: []string{"police"}},
		{text: "Year 7 girl (11) is going out with a 16 year old boy from the high school.", min: 4},
		{text: "Our 12 year old pupil has told the school nurse she is pregnant.", min: 4, has: []string{"police"}},
		{text: "14 year old boy is in a relationship with a 23 year old woman he met at the gym.", min: 4, has: []string{"police"}},
		{text: "A 7 year old boy has been touching other children's private parts in the toilets.", min: 4},
		{text: "A Year 6 boy (10) made a Year 2 boy pull his trousers down in the toilets and touched his willy.", min: 4, has: []string{"police"}},
	})
	runCoverage(t, []coverageCase{
		{text: "16 year old in a relationship with a 17 year old; both happy, parents aware, no concerns.", max: 2},
		{text: "A 12 year old told us her mum is pregnant and she is excited about the baby.", max: 2},
		{text: "Reception boy pulled another child's shorts down in the playground for a laugh; both parents told.", max: 2},
	})
}

// More wordings, from other people's styles: positives that must route
// somewhere specific, and everyday concerns that must stay low.
func TestCoverageMoreWordings(t *testing.T) {
	runCoverage(t, []coverageCase{
		{text: "Mr Patel, the Year 5 teacher, grabbed a boy by his jumper and pulled him out of the classroom.", route: "lado"},
		{text: "A parent has complained that a teaching assistant smacked her son's hand.", route: "lado"},
		{text: "Allegation: cover supervisor shared his personal Instagram with Year 10 girls and has been liking their photos.", route: "lado"},
		{text: "A Year 8 girl says the PE teacher watches the girls get changed.", route: "lado"},
		{text: "A supply teacher told a Year 3 child she was stupid and made her stand in the corner all lesson.", route: "lado"},
		{text: "The swimming instructor held a 7 year old's head under the water as a punishment.", route: "lado"},
		{text: "Our school chaplain asked a Year 7 boy to keep their chats secret.", route: "lado"},
		{text: "A staff member drove the minibus to the school trip after drinking alcohol.", route: "lado"},
		{text: "He said everyone would be better off if he was dead.", min: 4},
		{text: "Dad turned up at the school gate drunk and waving a knife, shouting he will take the children.", route: "emergency"},
		{text: "Her burns from last week have not been treated and now look infected.", min: 4},
		{text: "Mum says her daughters will be taken to Somalia this summer to be cut by their grandmother.", min: 4, not: []string{"police-fgm"}},
		{text: "A man on Roblox has been sending a 9 year old boy gifts and asked him to keep their friendship secret.", min: 4, has: []string{"police"}},
		{text: "A 16 year old from Vietnam was found working in a nail bar and does not know the address where he lives.", min: 4, has: []string{"nrm"}},
		{text: "Police stopped a 13 year old on a train with a bag of drugs hidden in his underwear.", min: 4, has: []string{"nrm"}},
		{text: "Our 14 year old international student lives with a host family arranged by an agency.", has: []string{"private-fostering"}},
		{text: "A Year 10 boy went to Bangladesh in July and hasn't returned; nobody answers the phone.", has: []string{"cme"}},
	})
	runCoverage(t, []coverageCase{
		{text: "Year 9 exchange students are staying with host families for a week in Germany.", max: 1, not: []string{"private-fostering"}},
		{text: "He lives with mum and her partner, who have been together for six years.", not: []string{"private-fostering"}},
		{text: "She moved in with her grandparents in September and is settled.", not: []string{"private-fostering"}},
		{text: "He has a part-time job at a car wash on Saturdays and his mum knows the owner.", max: 1},
		{text: "They went to Pakistan for a wedding and came back last week; she is back in school.", max: 1, not: []string{"cme"}},
		{text: "The coach told the team they played well and bought them all pizza after the final.", max: 1, not: []string{"lado"}},
		{text: "The teacher told him off for talking in assembly.", max: 1, not: []string{"lado"}},
		{text: "The teacher said she would phone his mum if he did not hand in his homework.", max: 1, not: []string{"lado"}},
		{text: "The PE teacher asked the girls to get changed quickly.", max: 1, not: []string{"lado"}},
		{text: "She said she would die of embarrassment if her mum came to the disco.", max: 1},
		{text: "He told his friend he wanted to kill himself after losing at FIFA, laughing.", max: 2},
		{text: "The nurse gave the diabetic pupil his insulin at lunchtime as usual.", max: 1},
		{text: "His older sister, 19, picks him up from school.", max: 1},
		{text: "The girls' dance teacher sent photos of the show to parents on the class app.", max: 1, not: []string{"lado"}},
		{text: "Dad took her to Sudan for two weeks to see her grandmother; she is back and happy.", max: 1, not: []string{"police-fgm"}},
		{text: "Nursery staff noticed a small bruise on a 3 year old's shin; mum said he fell off the climbing frame, which matches what he told us.", max: 1},
		{text: "The TA noticed Jack was upset at lunch because his friend wouldn't play with him.", max: 1},
		{text: "A Year 5 boy said his dad shouted at him for breaking a window playing football.", max: 2},
	})
}

// Yet more wordings: missing education, FGM in community words, online
// payment for images, threats to kill by a parent, and untreated injuries.
func TestCoverageFurtherWordings(t *testing.T) {
	runCoverage(t, []coverageCase{
		{text: "Year 8 pupil has been off roll since the family moved and no new school has requested his records.", has: []string{"cme"}},
		{text: "We have not seen the Year 2 girl since Easter and the house is empty.", has: []string{"cme"}},
		{text: "A 13 year old girl told her friend she had the operation down below in Egypt in the summer holidays.", route: "police-fgm"},
		{text: "Year 9 girl said the women in her family are all closed before marriage and she had hers done last year.", route: "police-fgm"},
		{text: "A man has been paying a 14 year old girl in gift cards for pictures of herself.", min: 4, has: []string{"police"}},
		{text: "The 13 year old has been talking to a 25 year old man on Snapchat every night.", min: 3},
		{text: "She wrote a note saying sorry to her family and asked a friend to look after her cat after she's gone.", min: 4},
		{text: "His dad rang the school screaming that he will kill the boy when he gets home.", min: 4, has: []string{"police"}},
		{text: "Mum has taken the children to a refuge; dad has threatened to find them and kill her.", min: 4, has: []string{"police"}},
		{text: "The toddler in nursery has a swollen arm and cries when it is touched; mum has not taken him to hospital.", min: 4},
		{text: "Mum disclosed that her husband strangled her last week; the children were in the next room.", min: 4, has: []string{"police"}},
		{text: "The 5 year old has a burn on his hand in the shape of an iron.", min: 4},
		{text: "Year 8 girl says her brothers follow her to and from school and check her phone.", has: []string{"forced-marriage-unit"}},
	})
	runCoverage(t, []coverageCase{
		{text: "Grandma is looking after him while mum is in hospital.", max: 1, not: []string{"private-fostering"}},
		{text: "Year 1 boy is regularly collected late by an older sibling and often has no coat or lunch.", max: 2, not: []string{"nrm"}},
		{text: "Staff restrained him safely using Team Teach after he attacked another pupil.", not: []string{"lado"}},
		{text: "The teacher grabbed him to stop him running into the road.", not: []string{"lado"}},
		{text: "The coach kicked the ball back to him in training.", max: 1, not: []string{"lado"}},
		{text: "After she's gone home, mum makes her tea and they watch TV together.", max: 1},
	})
}

// Child-on-child sexual harm, exposure to pornography, a change in a child
// after a new adult arrives, and the past, which does not call for 999.
func TestCoverageChildOnChildAndThePast(t *testing.T) {
	runCoverage(t, []coverageCase{
		{text: "Two Year 10 boys held a Year 9 girl down and touched her under her skirt.", min: 4, has: []string{"police"}},
		{text: "Year 5 girl says an older girl made her kiss her and touch her in the toilets.", min: 3},
		{text: "Year 2 boy told his teacher that his mum's boyfriend makes him watch rude films.", min: 4, has: []string{"police"}},
		{text: "Year 6 girl wets herself most days and has become very withdrawn since her uncle moved in.", min: 3},
		{text: "A dinner lady was overheard calling a Year 2 boy a little animal and pulling him by the ear.", route: "lado"},
		{text: "A youth club volunteer has been picking up a 14 year old from her house and taking her for drives.", route: "lado"},
		{text: "Mr Jones, the caretaker, has been taking photos of the girls in the playground on his own phone.", route: "lado"},
		{text: "Early help has been in place for six months but the children are still coming in hungry, dirty and late, and mum has stopped engaging.", min: 3},
		{text: "Dad drinks heavily every evening and the 6 year old says he falls asleep on the sofa and she puts herself to bed.", min: 3},
		{text: "A 16 year old has been thrown out by his parents and is sofa surfing.", min: 3, max: 3},
		{text: "The girl says she is going to kill herself tonight and has tablets in her bag.", route: "emergency"},
		{text: "A Year 8 boy is on the roof of the sports hall threatening to jump.", route: "emergency"},
	})
	runCoverage(t, []coverageCase{
		{text: "Year 9 girl disclosed last year she took an overdose; she is now well supported by CAMHS.", not: []string{"emergency"}},
		// days or weeks ago is not danger now: the level stands, 999 does not
		{text: "Diabetic Year 2 boy: mum keeps not sending his insulin in, and he was taken to A&E from school last week with very high sugars.", min: 4, not: []string{"emergency"}},
		{text: "She took an overdose last week and says she will do it again tonight.", route: "emergency"},
		{text: "In RE a Year 8 pupil asked what jihad means. No concerns about him, just curious.", max: 1, not: []string{"prevent"}},
		{text: "She had a panic attack in maths and said she couldn't breathe; she calmed down after ten minutes.", max: 2},
		{text: "He has asthma and was wheezy in PE so used his inhaler and was fine.", max: 1},
		{text: "He has a nut allergy and his epipen is in the office; no reaction today.", max: 1},
		{text: "The boys were play fighting and one pushed the other down on the grass.", max: 2},
	})
}

// Explicit disclosures in a young child's words, hunger, and adults who
// give a child alcohol or keep them overnight.
func TestCoverageYoungChildrenAndAdults(t *testing.T) {
	runCoverage(t, []coverageCase{
		{text: "A 7 year old told his teacher his daddy puts his willy in his mouth.", min: 4, has: []string{"police"}},
		{text: "Year 6 boy said his mum tried to strangle him last night.", min: 4},
		{text: "Our Year 5 pupil hasn't had a proper meal in days and was caught eating from the bins.", min: 3},
		{text: "A Year 10 girl has been going to a 30 year old man's flat after school and he gives her alcohol and cigarettes.", min: 4, has: []string{"nrm"}},
		{text: "Year 7 girl is spending nights at the house of a 19 year old man she met at the park.", min: 4},
		{text: "Year 9 girl has started wearing long sleeves in summer and we found a blade in her pencil case.", min: 3},
	})
	runCoverage(t, []coverageCase{
		{text: "The man from the housing association came to the house and said the family owe money.", max: 2, not: []string{"nrm"}},
		{text: "Year 9 boy stays at his dad's house at weekends and his dad gives him pocket money.", max: 1},
		{text: "She is spending the night at her friend's house; her friend's dad will drive her home.", max: 1, not: []string{"private-fostering"}},
	})
}

// Everyday school life that names staff, photos, knives or "kill" in
// innocent ways, and family help with childcare.
func TestCoverageEverydaySchoolLife(t *testing.T) {
	runCoverage(t, []coverageCase{
		{text: "The football coach gave all the team medals at the end of season party.", max: 1, not: []string{"lado"}},
		{text: "Our drama teacher took photos of the school play for the newsletter with parental consent.", max: 1, not: []string{"lado"}},
		{text: "The class teacher messaged all parents on the school app about the trip.", max: 1, not: []string{"lado"}},
		{text: "In DT the Year 8s used craft knives with supervision.", max: 1},
		{text: "He said I'll kill him about his brother in a joking way while playing football.", max: 2},
		{text: "A family friend babysits the children on Friday nights while mum works a late shift.", max: 1, not: []string{"private-fostering"}},
		{text: "Her cousin is staying with them for a week during half term.", max: 1, not: []string{"private-fostering"}},
		{text: "The family are moving to Scotland in the summer and have told us which school she will attend.", max: 1, not: []string{"cme"}},
		{text: "The youth club leader organised a trip to the cinema with permission slips.", max: 1, not: []string{"lado"}},
		{text: "The childminder collects the twins from school every day and gives them a snack.", max: 1, not: []string{"lado"}},
		{text: "The caretaker asked the boys to stop kicking the ball against the windows.", max: 1, not: []string{"lado"}},
		{text: "He has a cut on his lip from falling off his scooter; mum took him to the GP.", max: 1},
		{text: "The family went to Egypt for a holiday and she came back with a sunburn.", max: 1, not: []string{"police-fgm"}},
		{text: "Year 11 student works weekends at his uncle's restaurant and is doing well in school.", max: 1, not: []string{"nrm"}},
		{text: "The head teacher phoned dad about his son's behaviour and dad was supportive.", max: 1, not: []string{"lado"}},
	})
}

// Who did it, when the account names the adult in one place and the act
// in another: a carer's denial beside the child's word, a pronoun in the
// next sentence, an aside in brackets.
func TestCoverageWhoDidIt(t *testing.T) {
	runCoverage(t, []coverageCase{
		{text: "Her stepdad says it never happened, but the girl says he slapped her.", min: 4, has: []string{"police"}},
		{text: "Dad denies it. Mum is backing him, but the boy says he kicked him in the kitchen.", min: 4},
		{text: "She came in upset; she says he hits her at home when he has been drinking.", min: 4},
		{text: "Mum's new boyfriend was shouting at the door, and later the boy said he grabbed him by the neck.", min: 4},
		{text: "We use an agency lunchtime supervisor. Three Year 2 children say she pinches them if they talk.", route: "lado"},
		{text: "The after school club's football coach made a Year 4 boy run laps until he was sick.", route: "lado"},
		{text: "The tuition centre tutor (he also helps in our Year 5 class) has asked a 9 year old to sit on his lap during lessons.", route: "lado", has: []string{"police"}},
	})
	runCoverage(t, []coverageCase{
		{text: "Mum rang to say a boy in his class says he punched him at lunch.", not: []string{"police"}, max: 2},
		{text: "Mum says the girl says she hit him first, and both were told off.", max: 2},
		{text: "They played tag at home time and he says a boy hit him at home time by mistake.", max: 2},
		{text: "Our caretaker is retiring this summer. He said he hit his thumb with a hammer.", max: 1, not: []string{"lado"}},
		{text: "The TA told us about a new girl in her group. She says he is her best friend.", max: 1, not: []string{"lado"}},
		{text: "The teacher read the class a story about a dragon with a special secret.", max: 1, not: []string{"lado"}},
		{text: "Grandad lets her sit on his knee at bedtime and the teacher says she is a happy girl.", max: 1, not: []string{"lado"}},
		{text: "A Year 6 girl stayed with a school friend's family for a week while her mum was in hospital.", max: 2, not: []string{"police"}},
		{text: "Two Year 9 boys fought at the bus stop and one was taken to hospital with a broken nose.", min: 3, has: []string{"police"}},
	})
}

// Injuries to the head with warning signs, things thrown at a child, and
// everyday sentences that share their words.
func TestCoverageHeadInjuryAndEverydayWords(t *testing.T) {
	runCoverage(t, []coverageCase{
		{text: "Year 8 boy came in with dried blood in his hair; he says his stepdad hit him with a belt buckle last night. He keeps being sick and says everything is blurry.", route: "emergency", has: []string{"mash-urgent", "police"}},
		{text: "Dad threw a mug at her this morning and it cut her head.", min: 4, has: []string{"police"}},
		{text: "She says mum's boyfriend chucked a remote control at her face.", min: 4},
		{text: "She lost her mum to cancer in the spring and has been very quiet.", min: 2, max: 2},
		{text: "Mum finds it really difficult to keep any routine since dad left.", min: 2},
		{text: "A Year 9 girl's GP records show she had FGM as a baby; she has never mentioned it.", has: []string{"mash"}, not: []string{"police-fgm"}},
	})
	runCoverage(t, []coverageCase{
		{text: "Dad threw the ball at him in the garden to practise catching.", max: 1},
		{text: "A football hit her in the face at break. She felt dizzy for a minute and then was fine after an ice pack.", not: []string{"emergency"}},
		{text: "Last year his uncle punched him in the head and knocked him out; no contact since and he is safe with mum.", not: []string{"emergency"}},
		{text: "Dad lost his job in the summer and money is tight, but the children are well cared for.", max: 2},
		{text: "He has a good bedtime routine and no other worries at home.", max: 1},
		{text: "Year 11 boy is stressed about exams and is seeing the school counsellor; parents supportive.", max: 1},
	})
}

// Further everyday wordings: plans with tablets, asthma, cannabis grows,
// "becoming a woman", marriages that are someone else's, fear of a carer,
// carers' insults, young children's sexual behaviour, and their look-alikes.
func TestCoverageEverydayDangerAndLookAlikes(t *testing.T) {
	runCoverage(t, []coverageCase{
		{text: "He has been hoarding his mum's painkillers in a sock drawer.", min: 4},
		{text: "She told a friend she is going to swallow all her tablets after school.", min: 4},
		{text: "Wheezing, can't get her words out, and her inhaler was left at home.", route: "emergency"},
		{text: "A 15 year old was found by police in a house full of cannabis plants in another county.", min: 4, has: []string{"nrm"}},
		{text: "Mum told us the girls are going to Somalia next month to become proper women.", min: 3, has: []string{"mash-urgent"}},
		{text: "Year 10 girl says her family want her to get married in Pakistan in the holidays.", min: 4, has: []string{"forced-marriage-unit"}},
		{text: "She is petrified of what her stepdad will do if she gets another detention.", min: 3},
		{text: "Dad calls him thick and useless in front of his brothers.", min: 3},
		{text: "Mum says her husband hits her and the children hear it.", min: 3},
		{text: "Her older brother keeps a machete under his bed and threatened to use it on her.", min: 4, has: []string{"police"}},
		{text: "A Year 1 boy tried to make another child touch his willy in the toilets.", min: 4},
		{text: "Year 2 girl says her gymnastics coach told her not to tell mummy about their cuddles.", route: "lado"},
		{text: "A 14 year old says her 21 year old boyfriend picks her up from school.", min: 4, has: []string{"police"}},
	})
	runCoverage(t, []coverageCase{
		{text: "We have been collecting her medication from the pharmacy because mum is unwell.", max: 2, not: []string{"emergency"}},
		{text: "She has to take all her tablets every morning for epilepsy.", max: 1},
		{text: "He forgot his inhaler today and mum is dropping it in.", max: 1},
		{text: "She waters the plants in the school greenhouse at lunchtime.", max: 1},
		{text: "Her sister is getting married in Nigeria this summer and the whole family are going.", max: 1, not: []string{"forced-marriage-unit"}},
		{text: "He says his uncle is getting married abroad and he is scared of flying.", max: 1},
		{text: "Mum said she's worried her son is getting fat and asked about school dinners.", max: 1},
		{text: "He cut himself shaving and came to the office for a plaster.", max: 1},
		{text: "Dad said he'd kill her if she ate the last biscuit, she told us, laughing.", max: 1},
		{text: "The teacher told him not to tell his mum about the surprise card they made.", max: 1, not: []string{"lado"}},
		{text: "A 15 year old girl's 20 year old brother picks her up from school.", max: 1},
		{text: "He was play fighting with his brother and got a small bruise; mum mentioned it at drop off.", max: 1},
		{text: "Her brother is training to be a chef and has his own set of knives.", max: 1},
	})
}

// Requests made to young children on live video, debts and errands for
// older people, extremist talk, threats to take children abroad, young
// children copying sexual material, drink-driving carers, and children who
// were "kicked out" rather than kicked.
func TestCoverageOnlineExploitationAndFamilyDanger(t *testing.T) {
	runCoverage(t, []coverageCase{
		{text: "An 8 year old goes live on TikTok and people in the comments keep asking her to show her bedroom and pose.", min: 4, has: []string{"police"}},
		{text: "A lad gave him a free vape and now says he has to carry stuff to pay him back.", min: 4, has: []string{"nrm"}},
		{text: "A man he calls his cousin pays him cash for dropping off packages after school.", min: 4, has: []string{"nrm"}},
		{text: "She keeps quoting a preacher online who says unbelievers should be killed.", route: "prevent"},
		{text: "Dad keeps saying he will take the kids to Pakistan and mum will never see them again.", min: 3},
		{text: "A Year 3 boy has been copying porn he saw on a tablet with other children at playtime.", min: 4},
		{text: "Dad was slurring and smelled of alcohol at pick up, and was trying to get the children into the car to drive home.", route: "emergency"},
		{text: "Year 11 girl didn't come back from Somalia after the holidays and the family's phones are dead.", has: []string{"cme"}},
	})
	runCoverage(t, []coverageCase{
		{text: "He paid his friend back for the cinema ticket.", max: 1},
		{text: "Mum lent her money for new trainers and she is paying her back from her Saturday job.", max: 1},
		{text: "In RE the class debated whether murderers deserve to die.", max: 1, not: []string{"prevent"}},
		{text: "Dad is taking the children to Spain for half term with mum's permission.", max: 1},
		{text: "Year 3 re-enacted the Great Fire of London with the other class.", max: 1},
		{text: "The high school coach will drive the children to the match on Saturday.", max: 1},
		{text: "Grandma drove the children home because dad had been drinking at the party.", not: []string{"emergency"}},
		{text: "A 16 year old says his parents kicked him out a week ago and he is sleeping in a car.", not: []string{"police"}, min: 3},
		{text: "Year 5 boy's family moved to Wales and his new school has confirmed he started there.", max: 1, not: []string{"cme"}},
	})
}

// Adults who work with children, in more roles and more kinds of conduct;
// secret "games" and stopped breathing in the family; and look-alikes.
func TestCoverageTrustedAdultsAndFamilySecrets(t *testing.T) {
	runCoverage(t, []coverageCase{
		{text: "The cub leader let the boys drink cider at camp.", route: "lado"},
		{text: "A lunchtime supervisor keeps handing out sweets to Year 2 girls and telling them to keep it secret.", route: "lado"},
		{text: "The church youth worker hugs her for too long after every session.", route: "lado"},
		{text: "A nursery worker was seen pinching a 2 year old's arm when he would not sit still.", route: "lado"},
		{text: "The private tutor sends him snapchats late at night.", route: "lado"},
		{text: "A 5 year old said grandad plays a secret tickling game with her in his bed.", min: 4, has: []string{"police"}},
		{text: "He said his stepdad put his hand over his mouth until he couldn't breathe.", min: 4, has: []string{"police"}},
		{text: "His friend says he told him his dad did it with a belt.", min: 4, has: []string{"police"}},
	})
	runCoverage(t, []coverageCase{
		{text: "The teacher gave out sweets to the class for good work.", max: 1},
		{text: "Mum hugs him for a long time at the gate because he is anxious.", max: 1},
		{text: "Grandad plays a tickling game with the children at the park every Sunday.", max: 1},
		{text: "Dad plays games with him at night on the Xbox and they keep it secret from mum.", max: 1},
		{text: "He has asthma and mum says he couldn't breathe at night so she held him upright.", not: []string{"police"}},
		{text: "He hides under the duvet and puts his pillow over his head when his parents argue.", not: []string{"police"}},
	})
}
